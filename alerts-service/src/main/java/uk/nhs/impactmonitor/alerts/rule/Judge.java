package uk.nhs.impactmonitor.alerts.rule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Which number of an indicator value a rule compares with its thresholds (api.md: {@code judge}). Every threshold
 * of the rule (warning, critical, clear, critical-clear) applies to that number, and the alert's {@code value} is
 * that number, so the alert's value and threshold always speak of the same thing.
 */
public enum Judge {
    /** The value itself: the best estimate (default). */
    VALUE,
    /**
     * The lower end of the value's 95% interval: with {@code ABOVE}, "at least the threshold, with 95% confidence"
     * (e.g. {@code ag_dropoff} warning 0.3: A&G fell by at least 30%).
     */
    LOW,
    /** The upper end of the 95% interval: with {@code BELOW}, "at most the threshold, with 95% confidence". */
    HIGH;

    /**
     * Indicators whose values carry an interval (indicators.md, column "interval"), by id so that indicators added
     * to the set later (the appointments feed's change) are named here before the enum knows them.
     */
    static final Set<String> WITH_INTERVAL = Set.of("ag_dropoff", "referral_change", "online_request_change", "attributable_change",
            "appointments_change");

    /**
     * The number judged, or {@code null} when the value has none: an absent value, or a bound of a value without an
     * interval (one practice in a group, an indicator without one). Such a value is not usable for the rule.
     */
    public Double of(IndicatorValue value) {
        return switch (this) {
            case VALUE -> value.value();
            case LOW -> value.value() == null ? null : value.low();
            case HIGH -> value.value() == null ? null : value.high();
        };
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Judge fromId(String id) {
        for (Judge judge : values()) {
            if (judge.name().equalsIgnoreCase(id)) {
                return judge;
            }
        }
        throw new IllegalArgumentException("unknown judge: " + id + " (value, low or high)");
    }
}
