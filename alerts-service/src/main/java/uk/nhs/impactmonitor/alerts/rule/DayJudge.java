package uk.nhs.impactmonitor.alerts.rule;

import java.time.LocalDate;
import java.util.NavigableMap;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/** Reads one day of an indicator series through a rule: breach, level, clear, or no data. */
public final class DayJudge {

    private DayJudge() {
    }

    public static DayReading read(Rule rule, NavigableMap<LocalDate, IndicatorValue> series, LocalDate day) {
        return read(rule, series, Basis.UNKNOWN, day);
    }

    public static DayReading read(Rule rule, NavigableMap<LocalDate, IndicatorValue> series, Basis basis, LocalDate day) {
        IndicatorValue value = series.get(day);
        if (!usable(rule, value, basis)) {
            return DayReading.noData(day, value == null ? null : value.value());
        }
        double x = value.value();
        return rule.type() == RuleType.THRESHOLD ? threshold(rule, day, x) : earsC2(rule, series, basis, day, x);
    }

    /** A value counts when it exists and rests on at least the rule's minimum basis. */
    static boolean usable(Rule rule, IndicatorValue value, Basis basis) {
        if (value == null || value.value() == null || !Double.isFinite(value.value())
                || value.practices() < rule.minPractices() || value.practiceDays() < rule.minPracticeDays()) {
            return false;
        }
        if (rule.minReportingCompleteness() == null) {
            return true;
        }
        Double completeness = basis.reportingCompleteness(value.day());
        return completeness != null && completeness >= rule.minReportingCompleteness();
    }

    private static DayReading threshold(Rule rule, LocalDate day, double x) {
        Direction direction = rule.direction();
        Severity level = direction.breaches(x, rule.critical()) ? Severity.CRITICAL
                : direction.breaches(x, rule.warning()) ? Severity.WARNING : null;
        return new DayReading(day, true, level, direction.clears(x, rule.clear()), direction.clears(x, rule.criticalClear()), x,
                level == Severity.CRITICAL ? rule.critical() : rule.warning());
    }

    private static DayReading earsC2(Rule rule, NavigableMap<LocalDate, IndicatorValue> series, Basis basis, LocalDate day, double x) {
        EarsC2Settings ears = rule.ears();
        double[] baseline = new double[ears.baselineDays()];
        LocalDate first = day.minusDays(ears.guardDays() + ears.baselineDays());
        for (int i = 0; i < baseline.length; i++) {
            IndicatorValue past = series.get(first.plusDays(i));
            if (!usable(rule, past, basis)) {
                // a baseline with holes would make the spread up: no verdict rather than a wrong one
                return DayReading.noData(day, x);
            }
            baseline[i] = past.value();
        }
        EarsC2 c2 = EarsC2.of(baseline, x, rule.direction(), ears.minSigma());
        Double critical = ears.criticalSigmas();
        Severity level = critical != null && c2.statistic() >= critical ? Severity.CRITICAL
                : c2.statistic() >= ears.warningSigmas() ? Severity.WARNING : null;
        boolean clearsCritical = critical == null || c2.statistic() < critical - (ears.warningSigmas() - ears.clearSigmas());
        return new DayReading(day, true, level, c2.statistic() < ears.clearSigmas(), clearsCritical, x,
                c2.thresholdAt(level == Severity.CRITICAL ? critical : ears.warningSigmas(), rule.direction()));
    }
}
