package uk.nhs.impactmonitor.streams.indicator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * The definitions of {@code indicators.md} (version 2), as arithmetic on an area's {@link Group}s. A ratio whose
 * denominator is zero is absent ({@code null}), never 0 or NaN; an absent value has no interval and is not provisional.
 *
 * <p>The basis each value carries (how far a planner can trust it), as indicators.md says:
 * <ul>
 *   <li>participation: practices = |P(A)|, practiceDays = 0 (it rests on notices, not reports);</li>
 *   <li>reporting_completeness: practices = |P(A)|, practiceDays = |R(A,d)|;</li>
 *   <li>capped_session_share, contacts_per_session: the practices reporting in W(d), and their practice-days there;</li>
 *   <li>urgent_care_diversions_rate: the same over the working days of W(d) only;</li>
 *   <li>the changes: n (practices with a report in W(d) or B), and the practice-days of W(d);</li>
 *   <li>attributable_change: n(G₁) + n(G₀), and the practice-days of W(d) of both groups.</li>
 * </ul>
 */
public final class IndicatorCalculator {

    /** The metrics attributable change is computed for ({@code indicators.md}). */
    public static final List<Metric> ATTRIBUTABLE_METRICS = List.of(Metric.AG_REQUESTS, Metric.REFERRALS, Metric.ONLINE_REQUESTS,
            Metric.URGENT_CARE_DIVERSIONS, Metric.PATIENT_CONTACTS);
    /** The metrics of an area's own changes (ag_dropoff, referral_change, online_request_change), as a metric mask. */
    public static final int AREA_CHANGE_METRICS = mask(List.of(Metric.AG_REQUESTS, Metric.REFERRALS, Metric.ONLINE_REQUESTS));
    /** {@link #ATTRIBUTABLE_METRICS} as a metric mask. */
    public static final int ATTRIBUTABLE_CHANGE_METRICS = mask(ATTRIBUTABLE_METRICS);

    private IndicatorCalculator() {
    }

    private static int mask(List<Metric> metrics) {
        int mask = 0;
        for (Metric metric : metrics) {
            mask |= 1 << metric.ordinal();
        }
        return mask;
    }

    /** The bit of an action in an action mask. */
    public static int bit(CollectiveAction action) {
        return 1 << action.ordinal();
    }

    /**
     * Participation of area A on day d for every action of {@code namedActions} (the actions any notice named).
     *
     * @param with            per action ordinal, the practices of A with the action in force on d
     * @param practicesInArea |P(A)|
     * @param patientsInArea  Σ list(p) over P(A)
     */
    public static void participation(String area, LocalDate day, Group[] with, int namedActions, long practicesInArea,
                                     long patientsInArea, Instant now, List<IndicatorValue> out) {
        for (CollectiveAction action : CollectiveAction.values()) {
            if ((namedActions & bit(action)) == 0) {
                continue;
            }
            Group group = with[action.ordinal()];
            long participating = group.members();
            out.add(value(Indicator.PARTICIPATING_PRACTICES, action, null, area, day, (double) participating, null, null, false,
                    practicesInArea, 0, now));
            out.add(value(Indicator.PARTICIPATION_RATE, action, null, area, day, ratio(participating, practicesInArea), null, null, false,
                    practicesInArea, 0, now));
            out.add(value(Indicator.PATIENTS_COVERED_RATE, action, null, area, day, ratio(group.memberPatients(), patientsInArea),
                    null, null, false, practicesInArea, 0, now));
        }
    }

    /**
     * The report-based indicators of area A on day d (d ≤ H): its own changes and rates, completeness, and attributable
     * change for every action in force somewhere in A on d. Every {@link Group} must be prepared and have its influences.
     *
     * @param all         the practices of A
     * @param with        per action ordinal, those with the action in force on d
     * @param without     per action ordinal, the others (valid where {@code with} has members)
     * @param workingDay  whether d is a working day (completeness exists only then)
     * @param provisional whether d > H − L
     */
    public static void reportBased(String area, LocalDate day, Group all, Group[] with, Group[] without, long practicesInArea,
                                   boolean workingDay, boolean provisional, Instant now, List<IndicatorValue> out) {
        long n = all.n();
        long windowDays = all.windowDays();
        Double agChange = all.change(Metric.AG_REQUESTS);
        Double agSe = all.standardError(Metric.AG_REQUESTS);
        // ag_dropoff = −change: its interval is [−high, −low] of the change's
        out.add(value(Indicator.AG_DROPOFF, null, null, area, day, agChange == null ? null : -agChange,
                agSe == null ? null : -(agChange + Group.Z * agSe), agSe == null ? null : -(agChange - Group.Z * agSe),
                provisional, n, windowDays, now));
        out.add(change(Indicator.REFERRAL_CHANGE, area, day, all, Metric.REFERRALS, provisional, now));
        out.add(change(Indicator.ONLINE_REQUEST_CHANGE, area, day, all, Metric.ONLINE_REQUESTS, provisional, now));
        Double diversions = all.workingListDays() == 0 ? null
                : 1000.0 * all.workingSum(Metric.URGENT_CARE_DIVERSIONS) / all.workingListDays();
        out.add(value(Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, area, day, diversions, null, null, provisional,
                all.workingPractices(), all.workingDays(), now));
        long sessions = all.windowSum(Metric.CLINICIAN_SESSIONS);
        out.add(value(Indicator.CAPPED_SESSION_SHARE, null, null, area, day, ratio(all.windowSum(Metric.CAPPED_SESSIONS), sessions),
                null, null, provisional, all.windowPractices(), windowDays, now));
        out.add(value(Indicator.CONTACTS_PER_SESSION, null, null, area, day, ratio(all.windowSum(Metric.PATIENT_CONTACTS), sessions),
                null, null, provisional, all.windowPractices(), windowDays, now));
        out.add(value(Indicator.REPORTING_COMPLETENESS, null, null, area, day,
                workingDay ? ratio(all.reportingOnDay(), practicesInArea) : null, null, null, provisional, practicesInArea,
                all.reportingOnDay(), now));

        for (CollectiveAction action : CollectiveAction.values()) {
            Group g1 = with[action.ordinal()];
            if (g1.members() == 0) {
                continue;
            }
            Group g0 = without[action.ordinal()];
            boolean withoutEmpty = g0.members() == 0;
            for (Metric metric : ATTRIBUTABLE_METRICS) {
                Double c1 = g1.change(metric);
                Double c0 = g0.change(metric);
                Double attributable = withoutEmpty || c1 == null || c0 == null ? null : c1 - c0;
                Double se1 = g1.standardError(metric);
                Double se0 = g0.standardError(metric);
                Double half = attributable == null || se1 == null || se0 == null ? null : Group.Z * Math.sqrt(se1 * se1 + se0 * se0);
                out.add(value(Indicator.ATTRIBUTABLE_CHANGE, action, metric, area, day, attributable,
                        half == null ? null : attributable - half, half == null ? null : attributable + half, provisional,
                        g1.n() + g0.n(), windowDays, now));
            }
        }
    }

    private static IndicatorValue change(Indicator indicator, String area, LocalDate day, Group all, Metric metric, boolean provisional,
                                         Instant now) {
        Double change = all.change(metric);
        Double se = all.standardError(metric);
        return value(indicator, null, null, area, day, change, se == null ? null : change - Group.Z * se,
                se == null ? null : change + Group.Z * se, provisional, all.n(), all.windowDays(), now);
    }

    /**
     * An attributable change that no longer applies (the action is no longer in force anywhere in A on d):
     * absent, so a value emitted earlier is replaced rather than left standing.
     */
    public static void noLongerInForce(String area, LocalDate day, CollectiveAction action, Instant now, List<IndicatorValue> out) {
        for (Metric metric : ATTRIBUTABLE_METRICS) {
            out.add(value(Indicator.ATTRIBUTABLE_CHANGE, action, metric, area, day, null, null, null, false, 0, 0, now));
        }
    }

    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static IndicatorValue value(Indicator indicator, CollectiveAction action, Metric metric, String area, LocalDate day,
                                        Double value, Double low, Double high, boolean provisional, long practices, long practiceDays,
                                        Instant now) {
        // an absent value has no interval and is not provisional (indicators.md)
        boolean present = value != null;
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, indicator, action, metric, area, day, clean(value),
                present ? clean(low) : null, present ? clean(high) : null, present && provisional, practices, practiceDays, now);
    }

    /** -0.0 (a fall of nothing) would read as a change to a planner and differ from 0.0 in equals(). */
    private static Double clean(Double value) {
        return value == null ? null : value == 0.0 ? 0.0 : value;
    }
}
