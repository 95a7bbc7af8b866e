package uk.nhs.impactmonitor.domain.appointments;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A sub-ICB location's GP appointments of one day from NHS England's published "Appointments in General
 * Practice" (indicators.md, "The GP appointments feed"): {@code all} = every appointment of the sub-ICB-day,
 * {@code gp} = those with staff role group GP. One record per sub-ICB-day; a later one for the same
 * {@link #key()} replaces the earlier, so the topic is compacted on that key.
 */
public record SubIcbAppointments(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String subIcb,
        @JsonProperty(required = true) LocalDate day,
        @JsonProperty(required = true) long all,
        @JsonProperty(required = true) long gp) {

    public static final int SCHEMA_VERSION = 1;

    public static String key(String subIcb, LocalDate day) {
        return subIcb + "/" + day;
    }

    public String key() {
        return key(subIcb, day);
    }

    /** Problems that make this record unusable downstream (empty when it is sound). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion: expected " + SCHEMA_VERSION + " but was " + schemaVersion);
        }
        if (subIcb == null || subIcb.isBlank()) {
            problems.add("subIcb: required");
        }
        if (day == null) {
            problems.add("day: required");
        }
        if (all < 0) {
            problems.add("all: must not be negative");
        }
        if (gp < 0) {
            problems.add("gp: must not be negative");
        }
        if (gp > all) {
            problems.add("gp: must not exceed all (" + gp + " GP appointments of " + all + ")");
        }
        return problems;
    }
}
