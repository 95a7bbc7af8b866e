package uk.nhs.impactmonitor.domain.indicator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The indicator set of {@code indicators.md}, named exactly as there. */
public enum Indicator {
    PARTICIPATING_PRACTICES("participating_practices", Labels.ACTION, "practices"),
    PARTICIPATION_RATE("participation_rate", Labels.ACTION, "ratio"),
    PATIENTS_COVERED_RATE("patients_covered_rate", Labels.ACTION, "ratio"),
    AG_DROPOFF("ag_dropoff", Labels.NONE, "ratio"),
    REFERRAL_CHANGE("referral_change", Labels.NONE, "ratio"),
    ONLINE_REQUEST_CHANGE("online_request_change", Labels.NONE, "ratio"),
    URGENT_CARE_DIVERSIONS_RATE("urgent_care_diversions_rate", Labels.NONE, "per 1,000 patients per day"),
    CAPPED_SESSION_SHARE("capped_session_share", Labels.NONE, "ratio"),
    CONTACTS_PER_SESSION("contacts_per_session", Labels.NONE, "contacts"),
    REPORTING_COMPLETENESS("reporting_completeness", Labels.NONE, "ratio"),
    ATTRIBUTABLE_CHANGE("attributable_change", Labels.ACTION_AND_METRIC, "ratio"),
    /** The GP appointments feed's change against baseline, metric {@code all} or {@code gp} (sub-ICBs as clusters). */
    APPOINTMENTS_CHANGE("appointments_change", Labels.METRIC, "ratio"),
    /** The GP appointments feed's appointments per 1,000 patients per working day, metric {@code all} or {@code gp}. */
    APPOINTMENTS_RATE("appointments_rate", Labels.METRIC, "per 1,000 patients per working day");

    /** Which labels a value of the indicator carries besides area and day. */
    public enum Labels {
        NONE,
        ACTION,
        ACTION_AND_METRIC,
        /** A metric of the appointments feed ({@code all} or {@code gp}), no action. */
        METRIC;

        public boolean hasAction() {
            return this == ACTION || this == ACTION_AND_METRIC;
        }

        public boolean hasMetric() {
            return this == ACTION_AND_METRIC || this == METRIC;
        }
    }

    private final String id;
    private final Labels labels;
    private final String unit;

    Indicator(String id, Labels labels, String unit) {
        this.id = id;
        this.labels = labels;
        this.unit = unit;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public Labels labels() {
        return labels;
    }

    public String unit() {
        return unit;
    }

    @JsonCreator
    public static Indicator fromId(String id) {
        Indicator indicator = find(id);
        if (indicator == null) {
            throw new IllegalArgumentException("unknown indicator: " + id);
        }
        return indicator;
    }

    /** The indicator with this id, or {@code null}. */
    public static Indicator find(String id) {
        for (Indicator indicator : values()) {
            if (indicator.id.equals(id)) {
                return indicator;
            }
        }
        return null;
    }
}
