package uk.nhs.impactmonitor.domain.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * The metric label of an indicator value: the counts of a daily report, named as in indicator keys
 * ({@code ag_requests}; the JSON field of a report is the camelCase form, {@code agRequests}), and the two
 * counts of the GP appointments feed ({@code all}, {@code gp}; indicators.md, "The GP appointments feed").
 * A daily report has only the {@link #REPORT_METRICS}: every loop over a report's counts iterates that list,
 * never {@code values()}. The report metrics come first, so their ordinals index arrays of report counts.
 */
public enum Metric {
    CLINICIAN_SESSIONS("clinician_sessions", "clinicianSessions"),
    PATIENT_CONTACTS("patient_contacts", "patientContacts"),
    CAPPED_SESSIONS("capped_sessions", "cappedSessions"),
    URGENT_CARE_DIVERSIONS("urgent_care_diversions", "urgentCareDiversions"),
    AG_REQUESTS("ag_requests", "agRequests"),
    REFERRALS("referrals", "referrals"),
    ONLINE_REQUESTS("online_requests", "onlineRequests"),
    /** Every appointment of a sub-ICB-day (the appointments feed; not a count of a daily report). */
    ALL("all", "all"),
    /** The appointments of a sub-ICB-day with staff role group GP (the appointments feed; not a count of a daily report). */
    GP("gp", "gp");

    /** The counts of a daily report, in declaration order (ordinals 0 … 6): what every report loop iterates. */
    public static final List<Metric> REPORT_METRICS = List.of(CLINICIAN_SESSIONS, PATIENT_CONTACTS, CAPPED_SESSIONS,
            URGENT_CARE_DIVERSIONS, AG_REQUESTS, REFERRALS, ONLINE_REQUESTS);
    /** The counts of the GP appointments feed. */
    public static final List<Metric> APPOINTMENT_METRICS = List.of(ALL, GP);

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

    /** Whether a daily report has this count (false for the appointments feed's {@code all} and {@code gp}). */
    public boolean isReportMetric() {
        return ordinal() < REPORT_METRICS.size();
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
