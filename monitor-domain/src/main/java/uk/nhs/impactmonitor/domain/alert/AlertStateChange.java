package uk.nhs.impactmonitor.domain.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * An alert as it stands after a change (fired, escalated, acknowledged, silenced, resolved), keyed by
 * its stable {@code alertId} on {@code impact-alerts}: the latest record per id is the alert.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertStateChange(
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
        Instant changedAt) {

    public static final int SCHEMA_VERSION = 1;
}
