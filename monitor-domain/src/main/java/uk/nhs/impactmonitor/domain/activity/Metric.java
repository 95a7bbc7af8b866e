package uk.nhs.impactmonitor.domain.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The counts of a daily report, named as in indicator keys ({@code ag_requests}); the JSON field of a
 * report is the camelCase form ({@code agRequests}).
 */
public enum Metric {
    CLINICIAN_SESSIONS("clinician_sessions", "clinicianSessions"),
    PATIENT_CONTACTS("patient_contacts", "patientContacts"),
    CAPPED_SESSIONS("capped_sessions", "cappedSessions"),
    URGENT_CARE_DIVERSIONS("urgent_care_diversions", "urgentCareDiversions"),
    AG_REQUESTS("ag_requests", "agRequests"),
    REFERRALS("referrals", "referrals"),
    ONLINE_REQUESTS("online_requests", "onlineRequests");

    private final String id;
    private final String field;

    Metric(String id, String field) {
        this.id = id;
        this.field = field;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The JSON field (and CSV column) of a daily report holding this count. */
    public String field() {
        return field;
    }

    @JsonCreator
    public static Metric fromId(String id) {
        for (Metric metric : values()) {
            if (metric.id.equals(id)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric: " + id);
    }
}
