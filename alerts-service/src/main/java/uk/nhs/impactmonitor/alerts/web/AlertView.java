package uk.nhs.impactmonitor.alerts.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/** An alert as api.md shows it, plus when its episode started and ended and the acknowledgement's time and comment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertView(String alertId, String rule, Indicator indicator, CollectiveAction action, Metric metric, String area,
                        Severity severity, AlertState state, Double value, Double threshold, Instant since, LocalDate day,
                        String acknowledgedBy, Instant silencedUntil, Instant startsAt, Instant endsAt, Instant acknowledgedAt,
                        String acknowledgementComment, Instant changedAt) {

    static AlertView of(Alert a, Instant silencedUntil) {
        return new AlertView(a.alertId(), a.rule(), a.indicator(), a.action(), a.metric(), a.area(), a.severity(), a.state(), a.value(),
                a.threshold(), a.since(), a.day(), a.acknowledgedBy(), silencedUntil, a.startsAt(), a.endsAt(), a.acknowledgedAt(),
                a.acknowledgementComment(), a.changedAt());
    }
}
