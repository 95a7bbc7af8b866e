package uk.nhs.impactmonitor.alerts.rule;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Reads the days of one indicator series through one rule: which day the rule judges, what it makes of a day
 * (breach, level, clear, or no data), and how many days in a row breach.
 * <ul>
 * <li>A day is <b>usable</b> for the rule when its value is present, finite and, unless the rule includes
 *     provisional values, not provisional; when the number the rule judges ({@link Judge}: the value or a bound of
 *     its interval) is present; when it rests on the rule's minimum basis; and (EARS) when its baseline is whole.
 *     An unusable day neither breaches nor clears.</li>
 * <li>The rule <b>judges the latest usable day</b> of the series. Days after the data horizon (absent) and
 *     provisional days are never judged by a rule that does not include them, so they never raise or clear
 *     anything. The days between the one an alert last judged and the latest are judged too, in order
 *     ({@link #usableReadings}): values of many days arrive together, and the alert must not depend on how.</li>
 * <li>A notice-based indicator (participating_practices, participation_rate, patients_covered_rate) is never
 *     provisional and exists for the future days a notice given in advance covers, so on its own it would let a
 *     rule name a day the reports have not reached: on the demo (H = 30 August) a 60% planned for 2-6 September
 *     warned with day 6 September, beside report-based rules that judge 27 August at the latest. An alert must name a
 *     day the data has settled (issue 14: no alert judges a day after H − L), so such a rule judges <b>days up to the
 *     latest settled day S</b> of the monitor ({@link Horizon}: the latest day of any report-based value seen present
 *     and not provisional, over all areas; H − L in practice), or up to H when the rule includes provisional values.
 *     A planned day later than that is not judged until it settles; it stays visible on the planners' page, which is
 *     where planning ahead happens. A monitor that has seen no report at all (notices only) has no S: participation is
 *     then judged on its latest day, as a plan is all there is; one whose reports are all still provisional (its first
 *     L days) has settled no day, so no day of participation is judged yet.</li>
 * <li>{@code for} counts <b>consecutive usable breaching days</b> ending at the judged day. Every calendar day
 *     counts, and a day without a usable value (missing, absent, provisional, thin) breaks the run: a hole in the
 *     evidence is not evidence of a breach. The one exception is an indicator that indicators.md defines on working
 *     days only ({@code reporting_completeness}): a weekend or bank holiday is not a day of that indicator, so it is
 *     skipped (neither counts nor breaks), is never judged, and EARS baselines and guard bands count working
 *     days.</li>
 * </ul>
 */
public final class DayJudge {

    /** England and Wales bank holidays 2023-2027: the calendar of callers that do not give one. */
    private static final ActivityCalendar BUILT_IN = ActivityCalendar.builtIn();

    private final Rule rule;
    private final Indicator indicator;
    private final NavigableMap<LocalDate, IndicatorValue> series;
    private final Basis basis;
    private final ActivityCalendar calendar;
    /** The latest day the rule may judge ({@link Horizon#latestJudgeable}), or {@code null}: no limit. */
    private final LocalDate latestJudgeable;

    private DayJudge(Rule rule, Indicator indicator, NavigableMap<LocalDate, IndicatorValue> series, Basis basis,
                     ActivityCalendar calendar, Horizon horizon) {
        this.rule = rule;
        this.indicator = indicator;
        this.series = series;
        this.basis = basis;
        this.calendar = calendar;
        this.latestJudgeable = horizon.latestJudgeable(indicator, rule.includeProvisional());
    }

    /**
     * @param indicator the series' indicator (which days it is defined on)
     * @param basis     the area's reporting completeness, for rules with a minimum of it
     * @param calendar  the calendar of working days
     */
    public static DayJudge over(Rule rule, Indicator indicator, NavigableMap<LocalDate, IndicatorValue> series, Basis basis,
                                ActivityCalendar calendar) {
        return over(rule, indicator, series, basis, calendar, Horizon.UNKNOWN);
    }

    /** @param horizon how far the monitor's reports reach: the latest day a rule on a notice-based indicator may judge */
    public static DayJudge over(Rule rule, Indicator indicator, NavigableMap<LocalDate, IndicatorValue> series, Basis basis,
                                ActivityCalendar calendar, Horizon horizon) {
        return new DayJudge(rule, indicator, series, basis, calendar, horizon);
    }

    public static ActivityCalendar builtInCalendar() {
        return BUILT_IN;
    }

    public static DayReading read(Rule rule, NavigableMap<LocalDate, IndicatorValue> series, LocalDate day) {
        return read(rule, series, Basis.UNKNOWN, day);
    }

    public static DayReading read(Rule rule, NavigableMap<LocalDate, IndicatorValue> series, Basis basis, LocalDate day) {
        return over(rule, rule.indicator(), series, basis, BUILT_IN).read(day);
    }

    /** Whether indicators.md defines {@code indicator} on working days only: then other days are no days of it. */
    public static boolean workingDaysOnly(Indicator indicator) {
        return indicator == Indicator.REPORTING_COMPLETENESS;
    }

    /** Whether {@code day} is a day of the series' indicator at all (every day, or working days only). */
    public boolean isDayOfIndicator(LocalDate day) {
        return !workingDaysOnly(indicator) || calendar.isWorkingDay(day);
    }

    /** The rule's reading of one day. */
    public DayReading read(LocalDate day) {
        IndicatorValue value = series.get(day);
        if (!isDayOfIndicator(day) || isBeyondHorizon(day) || !usable(value)) {
            return DayReading.noData(day, value == null ? null : value.value());
        }
        double x = rule.judge().of(value);
        return rule.type() == RuleType.THRESHOLD ? threshold(day, x) : earsC2(day, x);
    }

    /** Whether {@code day} is later than the monitor's reports let this rule judge (notice-based indicators). */
    private boolean isBeyondHorizon(LocalDate day) {
        return latestJudgeable != null && day.isAfter(latestJudgeable);
    }

    /** The latest day the rule can judge (see the class comment), or {@code null} when there is none. */
    public LocalDate judgedDay() {
        DayReading reading = judgedReading();
        return reading == null ? null : reading.day();
    }

    /** The reading of {@link #judgedDay()}, or {@code null} when there is no day to judge. */
    public DayReading judgedReading() {
        NavigableMap<LocalDate, IndicatorValue> judgeable = latestJudgeable == null ? series : series.headMap(latestJudgeable, true);
        for (LocalDate day : judgeable.descendingKeySet()) {
            DayReading reading = read(day);
            if (reading.usable()) {
                return reading;
            }
        }
        return null;
    }

    /**
     * The usable readings of the days after {@code after} (all kept days when null) up to {@code latest}, oldest first;
     * just the reading of {@code latest} when there is none after {@code after} (a correction of a day already judged,
     * or the latest day moved back): that day is judged again.
     */
    public List<DayReading> usableReadings(LocalDate after, LocalDate latest) {
        List<DayReading> readings = new ArrayList<>();
        NavigableMap<LocalDate, IndicatorValue> days = after == null ? series.headMap(latest, true)
                : series.subMap(after, false, latest, true);
        for (LocalDate day : days.keySet()) {
            DayReading reading = read(day);
            if (reading.usable()) {
                readings.add(reading);
            }
        }
        if (readings.isEmpty()) {
            readings.add(read(latest));
        }
        return readings;
    }

    /** Consecutive breaching days of the indicator ending at {@code judged}; counted only as far as {@code for} needs. */
    public int breachRun(LocalDate judged) {
        if (series.isEmpty()) {
            return 0;
        }
        LocalDate first = series.firstKey();
        int run = 0;
        for (LocalDate day = judged; run < rule.forDays() && !day.isBefore(first); day = day.minusDays(1)) {
            if (!isDayOfIndicator(day)) {
                continue;
            }
            if (!read(day).breaches()) {
                break;
            }
            run++;
        }
        return run;
    }

    /** A value counts when it exists, is settled (or the rule includes provisional ones) and rests on the rule's minimum basis. */
    boolean usable(IndicatorValue value) {
        if (value == null || value.value() == null || !Double.isFinite(value.value())
                || value.practices() < rule.minPractices() || value.practiceDays() < rule.minPracticeDays()) {
            return false;
        }
        if (value.provisional() && !rule.includeProvisional()) {
            return false;
        }
        Double judged = rule.judge().of(value);
        if (judged == null || !Double.isFinite(judged)) {
            return false;
        }
        if (rule.minReportingCompleteness() == null) {
            return true;
        }
        Double completeness = basis.reportingCompleteness(value.day(), rule.includeProvisional());
        return completeness != null && completeness >= rule.minReportingCompleteness();
    }

    private DayReading threshold(LocalDate day, double x) {
        Direction direction = rule.direction();
        Severity level = direction.breaches(x, rule.critical()) ? Severity.CRITICAL
                : direction.breaches(x, rule.warning()) ? Severity.WARNING : null;
        return new DayReading(day, true, level, direction.clears(x, rule.clear()), direction.clears(x, rule.criticalClear()), x,
                level == Severity.CRITICAL ? rule.critical() : rule.warning());
    }

    private DayReading earsC2(LocalDate day, double x) {
        EarsC2Settings ears = rule.ears();
        double[] baseline = new double[ears.baselineDays()];
        int guard = ears.guardDays();
        int filled = 0;
        LocalDate first = series.isEmpty() ? day : series.firstKey();
        for (LocalDate past = day.minusDays(1); filled < baseline.length; past = past.minusDays(1)) {
            if (past.isBefore(first)) {
                return DayReading.noData(day, x);
            }
            if (!isDayOfIndicator(past)) {
                continue;
            }
            if (guard > 0) {
                guard--;
                continue;
            }
            IndicatorValue value = series.get(past);
            if (!usable(value)) {
                // a baseline with holes would make the spread up: no verdict rather than a wrong one
                return DayReading.noData(day, x);
            }
            baseline[filled++] = rule.judge().of(value);
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
