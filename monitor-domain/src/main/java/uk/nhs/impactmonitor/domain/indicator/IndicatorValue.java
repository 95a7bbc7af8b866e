package uk.nhs.impactmonitor.domain.indicator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * One indicator for one area and activity day, with the basis a planner needs to judge it:
 * how many practices and practice-days it rests on, its 95% interval, whether its day is still
 * provisional (reports for its window are still arriving), and when it was last updated.
 * {@code value} is {@code null} where {@code indicators.md} says the value is absent; {@code low} and
 * {@code high} are {@code null} where the definition gives no interval or the value is absent.
 * Schema version 1 (before indicators.md version 2) had no interval and no provisional flag: such a
 * value reads with both bounds null and not provisional.
 */
public record IndicatorValue(
        @JsonProperty(required = true) int schemaVersion,
        Indicator indicator,
        @JsonInclude(JsonInclude.Include.NON_NULL) CollectiveAction action,
        @JsonInclude(JsonInclude.Include.NON_NULL) Metric metric,
        String area,
        LocalDate day,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double value,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double low,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double high,
        Boolean provisional,
        long practices,
        long practiceDays,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 2;

    public IndicatorValue {
        // a boxed flag only so that a version-1 value (without the field) reads as not provisional; never null after this
        provisional = Boolean.TRUE.equals(provisional);
    }

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

    /** Whether the value exists and is not provisional: what an alert rule judges by default. */
    public boolean settled() {
        return value != null && !provisional;
    }

    /** Same number, interval, provisional flag and basis, ignoring when it was computed: the test for "changed". */
    public boolean sameReadingAs(IndicatorValue other) {
        return other != null
                && java.util.Objects.equals(value, other.value)
                && java.util.Objects.equals(low, other.low)
                && java.util.Objects.equals(high, other.high)
                && provisional.equals(other.provisional)
                && practices == other.practices
                && practiceDays == other.practiceDays
                && key().equals(other.key());
    }
}
