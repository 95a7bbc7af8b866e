package uk.nhs.impactmonitor.alerts.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import uk.nhs.impactmonitor.alerts.rule.Direction;
import uk.nhs.impactmonitor.alerts.rule.EarsC2Settings;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.alerts.rule.ScopeKind;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/** Hand-made indicator series and rules for the state-machine tests. */
final class Series {

    static final LocalDate DAY_1 = LocalDate.of(2024, 8, 1);
    static final SeriesKey QKK_PARTICIPATION = new SeriesKey("QKK", Indicator.PARTICIPATION_RATE, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null);

    private final TreeMap<LocalDate, IndicatorValue> days = new TreeMap<>();

    static Rule threshold(double warning, double critical, Double clear, int forDays, long minPracticeDays) {
        return new Rule("participation", "test rule", RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB, null,
                Direction.ABOVE, warning, critical, clear, null, forDays, 0L, minPracticeDays, null, null, null, null);
    }

    static Rule below(Indicator indicator, double warning, double critical, double clear) {
        return new Rule("below", null, RuleType.THRESHOLD, indicator, null, null, ScopeKind.ICB, null, Direction.BELOW, warning, critical,
                clear, null, 1, 0L, 0L, null, null, null, null);
    }

    static Rule ears(Direction direction, double minSigma) {
        return new Rule("aberration", null, RuleType.EARS_C2, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, ScopeKind.ICB, null,
                direction, null, null, null, null, 1, 0L, 0L, null, null, null, new EarsC2Settings(7, 2, 3.0, null, 2.0, minSigma));
    }

    /** Puts a value for day {@code n} (1-based from 1 August 2024) resting on 100 practice-days. */
    Series day(int n, Double value) {
        return day(n, value, 100);
    }

    Series day(int n, Double value, long practiceDays) {
        LocalDate day = DAY_1.plusDays(n - 1);
        days.put(day, new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.PARTICIPATION_RATE,
                CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null, "QKK", day, value, null, null, false, 10, practiceDays, Instant.EPOCH));
        return this;
    }

    Series days(int first, List<Double> values) {
        for (int i = 0; i < values.size(); i++) {
            day(first + i, values.get(i));
        }
        return this;
    }

    TreeMap<LocalDate, IndicatorValue> map() {
        return days;
    }

    static Instant at(int minute) {
        return Instant.parse("2024-08-10T09:00:00Z").plusSeconds(60L * minute);
    }
}
