package uk.nhs.impactmonitor.streams.indicator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * The definitions of {@code indicators.md}, as pure arithmetic on an area's {@link AreaSums}. A ratio whose
 * denominator is zero is absent ({@code null}), never 0 or NaN.
 *
 * <p>The basis each value carries (how far a planner can trust it):
 * <ul>
 *   <li>participation: practices = |P(A)|, practiceDays = 0 (it rests on notices, not reports);</li>
 *   <li>reporting_completeness: practices = |P(A)|, practiceDays = |R(A,d)|;</li>
 *   <li>window rates and shares (urgent_care_diversions_rate, capped_session_share, contacts_per_session):
 *       practices = distinct practices reporting in W(d), practiceDays = practice-days in W(d);</li>
 *   <li>changes against the baseline (ag_dropoff, referral_change, online_request_change): the same, with
 *       practiceDays also counting the baseline's practice-days;</li>
 *   <li>attributable_change: practices = |P(A)|, practiceDays = both groups' window and baseline practice-days.</li>
 * </ul>
 */
public final class IndicatorCalculator {

    /** The metrics attributable change is computed for ({@code indicators.md}). */
    public static final List<Metric> ATTRIBUTABLE_METRICS = List.of(Metric.AG_REQUESTS, Metric.REFERRALS, Metric.ONLINE_REQUESTS,
            Metric.URGENT_CARE_DIVERSIONS, Metric.PATIENT_CONTACTS);

    private IndicatorCalculator() {
    }

    /**
     * Every indicator of area A on day d: participation for all ten actions, the report-based indicators, and
     * attributable change for every action in force somewhere in A on d.
     *
     * @param practicesInArea |P(A)|
     * @param patientsInArea  Σ list(p) over P(A)
     */
    public static List<IndicatorValue> compute(String area, LocalDate day, AreaSums sums, long practicesInArea, long patientsInArea,
                                               Instant now) {
        List<IndicatorValue> values = new ArrayList<>();
        for (CollectiveAction action : CollectiveAction.values()) {
            long participating = sums.participating(action);
            values.add(value(Indicator.PARTICIPATING_PRACTICES, action, null, area, day, (double) participating, practicesInArea, 0, now));
            values.add(value(Indicator.PARTICIPATION_RATE, action, null, area, day, ratio(participating, practicesInArea),
                    practicesInArea, 0, now));
            values.add(value(Indicator.PATIENTS_COVERED_RATE, action, null, area, day,
                    ratio(sums.participatingPatients(action), patientsInArea), practicesInArea, 0, now));
        }

        Sums window = sums.window();
        Sums baseline = sums.baseline();
        long windowPractices = window.practices();
        long windowDays = window.practiceDays();
        long changeDays = windowDays + baseline.practiceDays();
        Double agChange = change(window, baseline, Metric.AG_REQUESTS);
        values.add(value(Indicator.AG_DROPOFF, null, null, area, day, agChange == null ? null : -agChange, windowPractices, changeDays, now));
        values.add(value(Indicator.REFERRAL_CHANGE, null, null, area, day, change(window, baseline, Metric.REFERRALS),
                windowPractices, changeDays, now));
        values.add(value(Indicator.ONLINE_REQUEST_CHANGE, null, null, area, day, change(window, baseline, Metric.ONLINE_REQUESTS),
                windowPractices, changeDays, now));
        values.add(value(Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, area, day, window.rate(Metric.URGENT_CARE_DIVERSIONS),
                windowPractices, windowDays, now));
        values.add(value(Indicator.CAPPED_SESSION_SHARE, null, null, area, day,
                ratio(window.sum(Metric.CAPPED_SESSIONS), window.sum(Metric.CLINICIAN_SESSIONS)), windowPractices, windowDays, now));
        values.add(value(Indicator.CONTACTS_PER_SESSION, null, null, area, day,
                ratio(window.sum(Metric.PATIENT_CONTACTS), window.sum(Metric.CLINICIAN_SESSIONS)), windowPractices, windowDays, now));
        values.add(value(Indicator.REPORTING_COMPLETENESS, null, null, area, day, ratio(sums.reportingPractices(), practicesInArea),
                practicesInArea, sums.reportingPractices(), now));

        for (CollectiveAction action : CollectiveAction.values()) {
            long participating = sums.participating(action);
            if (participating == 0) {
                continue;
            }
            Sums withWindow = sums.withWindow(action);
            Sums withBaseline = sums.withBaseline(action);
            Sums withoutWindow = window.minus(withWindow);
            Sums withoutBaseline = baseline.minus(withBaseline);
            boolean withoutEmpty = participating >= practicesInArea;
            for (Metric metric : ATTRIBUTABLE_METRICS) {
                Double with = change(withWindow, withBaseline, metric);
                Double without = change(withoutWindow, withoutBaseline, metric);
                Double attributable = withoutEmpty || with == null || without == null ? null : with - without;
                values.add(value(Indicator.ATTRIBUTABLE_CHANGE, action, metric, area, day, attributable, practicesInArea, changeDays, now));
            }
        }
        return values;
    }

    /**
     * An attributable change that no longer applies (the action is no longer in force anywhere in A on d):
     * absent, so a value emitted earlier is replaced rather than left standing.
     */
    public static List<IndicatorValue> noLongerInForce(String area, LocalDate day, CollectiveAction action, long practicesInArea,
                                                       Instant now) {
        List<IndicatorValue> values = new ArrayList<>();
        for (Metric metric : ATTRIBUTABLE_METRICS) {
            values.add(value(Indicator.ATTRIBUTABLE_CHANGE, action, metric, area, day, null, practicesInArea, 0, now));
        }
        return values;
    }

    /**
     * {@code change = rate7 / base - 1}: absent when the window has no practice-days, or the baseline has no
     * data or is zero.
     */
    public static Double change(Sums window, Sums baseline, Metric metric) {
        if (window.practiceDays() == 0 || window.listDays() == 0 || baseline.listDays() == 0 || baseline.sum(metric) == 0) {
            return null;
        }
        double rate7 = 1000.0 * window.sum(metric) / window.listDays();
        double base = 1000.0 * baseline.sum(metric) / baseline.listDays();
        return rate7 / base - 1;
    }

    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static IndicatorValue value(Indicator indicator, CollectiveAction action, Metric metric, String area, LocalDate day,
                                        Double value, long practices, long practiceDays, Instant now) {
        // -0.0 (a fall of nothing) would read as a change to a planner and differ from 0.0 in equals()
        Double clean = value == null ? null : value == 0.0 ? 0.0 : value;
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, indicator, action, metric, area, day, clean, null, null, false, practices, practiceDays, now);
    }
}
