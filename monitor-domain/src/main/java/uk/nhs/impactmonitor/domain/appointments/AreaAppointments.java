package uk.nhs.impactmonitor.domain.appointments;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A sub-ICB's appointments of one day ({@code api.md}, topic {@code area-appointments}): all appointments and
 * those with a GP. A later record for the same sub-ICB and day replaces the earlier one, so the key is {@link #key()}
 * and the topic is compacted. (The feed that writes it is a later issue; the topic is defined now so that it is
 * created with the right retention from the start.)
 */
public record AreaAppointments(
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
            problems.add("gp: must not exceed all");
        }
        return problems;
    }
}
