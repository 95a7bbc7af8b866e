package uk.nhs.impactmonitor.alerts.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * An alert as alerts-service keeps it: every field of {@link AlertStateChange} under the same JSON names (so
 * any reader of {@code impact-alerts} reads it as one, ignoring the rest) plus what a restart needs to carry
 * on exactly where it stopped: when the episode started and ended, when it became CRITICAL, when it was
 * acknowledged and why.
 *
 * @param since          since when the alert is in its state: pending since, firing since ({@code startsAt}),
 *                       or resolved at
 * @param startsAt       when the current firing episode started ({@code null} while only pending); part of
 *                       the notification dedup key, so a new episode is news and an old one is not
 * @param endsAt         when the episode resolved
 * @param criticalSince  when it last became CRITICAL (escalation counts from here)
 * @param transitionAt   when state or severity last changed: what a notification is about
 * @param silencedUntil  until when a silence mutes it, as of {@code changedAt}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        @JsonProperty(required = true) int schemaVersion,
        String alertId,
        String rule,
        Indicator indicator,
        CollectiveAction action,
        Metric metric,
        String area,
        Severity severity,
        AlertState state,
        Double value,
        Double threshold,
        Instant since,
        LocalDate day,
        String acknowledgedBy,
        Instant silencedUntil,
        Instant changedAt,
        Instant startsAt,
        Instant endsAt,
        Instant criticalSince,
        Instant acknowledgedAt,
        String acknowledgementComment,
        Instant transitionAt) {

    /** Whether a record read back is complete enough to carry on from. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != AlertStateChange.SCHEMA_VERSION) {
            problems.add("schemaVersion " + schemaVersion + " is not " + AlertStateChange.SCHEMA_VERSION);
        }
        if (alertId == null || rule == null || indicator == null || area == null || state == null || severity == null) {
            problems.add("alertId, rule, indicator, area, state and severity are required");
        }
        return problems;
    }

    public AlertStateChange toStateChange() {
        return new AlertStateChange(schemaVersion, alertId, rule, indicator, action, metric, area, severity, state, value, threshold,
                since, day, acknowledgedBy, silencedUntil, changedAt);
    }

    public boolean isFiring() {
        return state == AlertState.FIRING;
    }

    public boolean isAcknowledged() {
        return acknowledgedBy != null;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies an alert with some fields changed: records have no withers, and this one has many fields. */
    public static final class Builder {
        private final Alert from;
        Severity severity;
        AlertState state;
        Double value;
        Double threshold;
        Instant since;
        LocalDate day;
        String acknowledgedBy;
        Instant silencedUntil;
        Instant changedAt;
        Instant startsAt;
        Instant endsAt;
        Instant criticalSince;
        Instant acknowledgedAt;
        String acknowledgementComment;
        Instant transitionAt;

        Builder(Alert from) {
            this.from = from;
            severity = from.severity;
            state = from.state;
            value = from.value;
            threshold = from.threshold;
            since = from.since;
            day = from.day;
            acknowledgedBy = from.acknowledgedBy;
            silencedUntil = from.silencedUntil;
            changedAt = from.changedAt;
            startsAt = from.startsAt;
            endsAt = from.endsAt;
            criticalSince = from.criticalSince;
            acknowledgedAt = from.acknowledgedAt;
            acknowledgementComment = from.acknowledgementComment;
            transitionAt = from.transitionAt;
        }

        public Builder severity(Severity v) { severity = v; return this; }
        public Builder state(AlertState v) { state = v; return this; }
        public Builder value(Double v) { value = v; return this; }
        public Builder threshold(Double v) { threshold = v; return this; }
        public Builder since(Instant v) { since = v; return this; }
        public Builder day(LocalDate v) { day = v; return this; }
        public Builder silencedUntil(Instant v) { silencedUntil = v; return this; }
        public Builder changedAt(Instant v) { changedAt = v; return this; }
        public Builder startsAt(Instant v) { startsAt = v; return this; }
        public Builder endsAt(Instant v) { endsAt = v; return this; }
        public Builder criticalSince(Instant v) { criticalSince = v; return this; }
        public Builder transitionAt(Instant v) { transitionAt = v; return this; }

        public Builder acknowledged(String by, Instant at, String comment) {
            acknowledgedBy = by;
            acknowledgedAt = at;
            acknowledgementComment = comment;
            return this;
        }

        public Alert build() {
            return new Alert(from.schemaVersion, from.alertId, from.rule, from.indicator, from.action, from.metric, from.area, severity,
                    state, value, threshold, since, day, acknowledgedBy, silencedUntil, changedAt, startsAt, endsAt, criticalSince,
                    acknowledgedAt, acknowledgementComment, transitionAt);
        }
    }
}
