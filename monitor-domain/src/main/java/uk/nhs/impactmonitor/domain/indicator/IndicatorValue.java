package uk.nhs.impactmonitor.domain.indicator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * One indicator for one area and activity day, with the basis a planner needs to judge it:
 * how many practices and practice-days it rests on, and when it was last updated.
 * {@code value} is {@code null} where {@code indicators.md} says the value is absent.
 */
public record IndicatorValue(
        @JsonProperty(required = true) int schemaVersion,
        Indicator indicator,
        @JsonInclude(JsonInclude.Include.NON_NULL) CollectiveAction action,
        @JsonInclude(JsonInclude.Include.NON_NULL) Metric metric,
        String area,
        LocalDate day,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double value,
        long practices,
        long practiceDays,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** The topic and store key: {@code area/day/indicator[/action][/metric]}. */
    public String key() {
        return key(area, day, indicator, action, metric);
    }

    public static String key(String area, LocalDate day, Indicator indicator, CollectiveAction action, Metric metric) {
        StringBuilder key = new StringBuilder(area).append('/').append(day).append('/').append(indicator.id());
        if (action != null) {
            key.append('/').append(action.name());
        }
        if (metric != null) {
            key.append('/').append(metric.id());
        }
        return key.toString();
    }

    /** Same number and basis, ignoring when it was computed: the test for "changed". */
    public boolean sameReadingAs(IndicatorValue other) {
        return other != null
                && java.util.Objects.equals(value, other.value)
                && practices == other.practices
                && practiceDays == other.practiceDays
                && key().equals(other.key());
    }
}
