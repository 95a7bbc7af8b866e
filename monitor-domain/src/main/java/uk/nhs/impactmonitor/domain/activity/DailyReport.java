package uk.nhs.impactmonitor.domain.activity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a practice reports for one calendar day (Europe/London). A later report for the same practice
 * and day replaces the earlier one, so the topic key is {@link #key()}.
 */
public record DailyReport(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String practiceCode,
        @JsonProperty(required = true) LocalDate day,
        @JsonProperty(required = true) int clinicianSessions,
        @JsonProperty(required = true) int patientContacts,
        @JsonProperty(required = true) int cappedSessions,
        @JsonProperty(required = true) int urgentCareDiversions,
        @JsonProperty(required = true) int agRequests,
        @JsonProperty(required = true) int referrals,
        @JsonProperty(required = true) int onlineRequests,
        Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static String key(String practiceCode, LocalDate day) {
        return practiceCode + "/" + day;
    }

    public String key() {
        return key(practiceCode, day);
    }

    public int count(Metric metric) {
        return switch (metric) {
            case CLINICIAN_SESSIONS -> clinicianSessions;
            case PATIENT_CONTACTS -> patientContacts;
            case CAPPED_SESSIONS -> cappedSessions;
            case URGENT_CARE_DIVERSIONS -> urgentCareDiversions;
            case AG_REQUESTS -> agRequests;
            case REFERRALS -> referrals;
            case ONLINE_REQUESTS -> onlineRequests;
            case ALL, GP -> throw new IllegalArgumentException(metric.id() + " is a count of the appointments feed, not of a daily report");
        };
    }

    /** Problems that make this record unusable downstream (empty when it is sound). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion: expected " + SCHEMA_VERSION + " but was " + schemaVersion);
        }
        if (practiceCode == null || practiceCode.isBlank()) {
            problems.add("practiceCode: required");
        }
        if (day == null) {
            problems.add("day: required");
        }
        for (Metric metric : Metric.REPORT_METRICS) {
            if (count(metric) < 0) {
                problems.add(metric.field() + ": must not be negative");
            }
        }
        if (cappedSessions > clinicianSessions) {
            problems.add("cappedSessions: must not exceed clinicianSessions");
        }
        return problems;
    }
}
