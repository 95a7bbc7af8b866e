package uk.nhs.impactmonitor.streams.indicator;

import java.util.List;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * A set of clusters G on one day d: the totals the indicators of {@code indicators.md} are computed from, and the change
 * against baseline standardised by day type with its interval — the one implementation of that formula. The clusters
 * are practices for the report-based indicators (an area's practices, or those of an area with an action in force, or
 * without it) and sub-ICB locations for the appointments feed ("the same day-type change and intervals, with sub-ICB
 * locations as the clusters"); the formula is written over practices, so "practice" below reads "cluster" there.
 *
 * <p>Two passes. The totals (O, X(t), U(t), V(t), counts of practices and practice-days) are additive over practices:
 * {@link #addPractice} adds one, {@link #add} adds another group's (an ICB's into its region's), {@link #setDifference}
 * makes "the other practices of A". Then {@link #prepare} works out E, R = O/E and the per-type factors, and
 * {@link #addInfluence} adds one practice's z_i² (the influence formula of indicators.md): Σ z_i² is not additive over
 * practices (z_i depends on the whole group's R, U(t)/V(t) and X(t)/V(t)), so every practice is added to every group
 * it belongs to in that second pass. Mutable and reused day after day: a national day has ~1,000 groups.
 */
public final class Group {

    private static final int T = PracticeDays.TYPES;
    /** z of the 95% interval. */
    public static final double Z = 1.959963984540054;

    long members;
    long memberPatients;
    long reportingOnDay;
    /** Practices with at least one report in W(d) or B. */
    long n;
    long windowPractices;
    long workingPractices;
    /** Window practice-days by type. */
    final long[] windowDays = new long[T];
    /** X(t) = Σ list(i) over window practice-days of type t. */
    final long[] x = new long[T];
    /** Window counts by type and metric ([t·M + m]). */
    final long[] window;
    /** V(t) = Σ list(i) over baseline practice-days of type t. */
    final long[] v = new long[T];
    /** U(t) by type and metric ([t·M + m]). */
    final long[] u;

    private final boolean[] present;
    private int presentMask;
    private final double[] ratio;
    private final double[] expected;
    /** U(t)/V(t) where X(t) > 0, else 0 ([t·M + m]: a type's metrics side by side, as the influence loop reads them). */
    private final double[] perType;
    /** U(t)·X(t)/V(t)² where X(t) > 0, else 0 ([t·M + m]). */
    private final double[] perTypeScaled;
    /** X(t)/V(t) where X(t) > 0, else 0. */
    private final double[] scale = new double[T];
    private final double[] zSquares;

    /** The first metric's ordinal: a metric's slot in the arrays is its ordinal less this. */
    private final int first;
    /** Counts per cluster-day. */
    private final int width;
    /** Whether the counts are a report's (the fast path of {@link #addInfluence} knows their slots). */
    private final boolean reportMetrics;

    /** A group of practices, over their reports' counts. */
    public Group() {
        this(Metric.REPORT_METRICS);
    }

    /** A group of clusters whose days hold these counts (as their {@link PracticeDays}), contiguous in {@link Metric} order. */
    public Group(List<Metric> metrics) {
        first = metrics.get(0).ordinal();
        width = metrics.size();
        reportMetrics = metrics.equals(Metric.REPORT_METRICS);
        window = new long[T * width];
        u = new long[T * width];
        present = new boolean[width];
        ratio = new double[width];
        expected = new double[width];
        perType = new double[T * width];
        perTypeScaled = new double[T * width];
        zSquares = new double[width];
    }

    public void clear() {
        members = 0;
        memberPatients = 0;
        reportingOnDay = 0;
        n = 0;
        windowPractices = 0;
        workingPractices = 0;
        java.util.Arrays.fill(windowDays, 0);
        java.util.Arrays.fill(x, 0);
        java.util.Arrays.fill(window, 0);
        java.util.Arrays.fill(v, 0);
        java.util.Arrays.fill(u, 0);
        java.util.Arrays.fill(present, false);
        presentMask = 0;
        java.util.Arrays.fill(zSquares, 0);
    }

    /**
     * Adds one practice to the totals.
     *
     * @param window        every practice's reported days of W(d)
     * @param baseline      every practice's reported days of B
     * @param practice      the practice's index in both
     * @param listSize      list(p)
     * @param reportedOnDay whether it has a report for d
     */
    public void addPractice(PracticeDays window, PracticeDays baseline, int practice, long listSize, boolean reportedOnDay) {
        members++;
        memberPatients += listSize;
        if (reportedOnDay) {
            reportingOnDay++;
        }
        boolean inWindow = false;
        boolean onWorkingDay = false;
        boolean inBaseline = false;
        int base = practice * T;
        for (int t = 0; t < T; t++) {
            int wd = window.days[base + t];
            if (wd > 0) {
                inWindow = true;
                onWorkingDay |= t < PracticeDays.WORKING_TYPES;
                windowDays[t] += wd;
                x[t] += listSize * wd;
                int from = (base + t) * width;
                for (int m = 0; m < width; m++) {
                    this.window[t * width + m] += window.counts[from + m];
                }
            }
            int bd = baseline.days[base + t];
            if (bd > 0) {
                inBaseline = true;
                v[t] += listSize * bd;
                int from = (base + t) * width;
                for (int m = 0; m < width; m++) {
                    u[t * width + m] += baseline.counts[from + m];
                }
            }
        }
        if (inWindow) {
            windowPractices++;
        }
        if (onWorkingDay) {
            workingPractices++;
        }
        if (inWindow || inBaseline) {
            n++;
        }
    }

    /** Adds the totals of a group of other practices (an ICB's into its region's). */
    public void add(Group other) {
        members += other.members;
        memberPatients += other.memberPatients;
        reportingOnDay += other.reportingOnDay;
        n += other.n;
        windowPractices += other.windowPractices;
        workingPractices += other.workingPractices;
        for (int i = 0; i < T; i++) {
            windowDays[i] += other.windowDays[i];
            x[i] += other.x[i];
            v[i] += other.v[i];
        }
        for (int i = 0; i < T * width; i++) {
            window[i] += other.window[i];
            u[i] += other.u[i];
        }
    }

    /** Makes this group's totals those of {@code all} less those of its subset {@code with}: the other practices. */
    public void setDifference(Group all, Group with) {
        clear();
        add(all);
        members -= with.members;
        memberPatients -= with.memberPatients;
        reportingOnDay -= with.reportingOnDay;
        n -= with.n;
        windowPractices -= with.windowPractices;
        workingPractices -= with.workingPractices;
        for (int i = 0; i < T; i++) {
            windowDays[i] -= with.windowDays[i];
            x[i] -= with.x[i];
            v[i] -= with.v[i];
        }
        for (int i = 0; i < T * width; i++) {
            window[i] -= with.window[i];
            u[i] -= with.u[i];
        }
    }

    /**
     * Works out, for each metric of the mask ({@link #bit}s; for a report's counts, bits of {@link Metric#ordinal()}),
     * whether the change exists, E, R and the factors of the influence formula; clears the Σ z_i². Call after the totals
     * are complete, before {@link #addInfluence}.
     */
    public void prepare(int metricMask) {
        for (int t = 0; t < T; t++) {
            scale[t] = x[t] > 0 && v[t] > 0 ? (double) x[t] / v[t] : 0.0;
        }
        presentMask = 0;
        for (int m = 0; m < width; m++) {
            present[m] = false;
            zSquares[m] = 0;
            if ((metricMask & (1 << m)) == 0) {
                continue;
            }
            long observed = 0;
            double e = 0;
            boolean unseenType = false;
            for (int t = 0; t < T; t++) {
                observed += window[t * width + m];
                if (x[t] > 0) {
                    if (v[t] == 0) {
                        unseenType = true;
                    } else {
                        e += (double) x[t] * u[t * width + m] / v[t];
                        perType[t * width + m] = (double) u[t * width + m] / v[t];
                        perTypeScaled[t * width + m] = perType[t * width + m] * scale[t];
                    }
                } else {
                    perType[t * width + m] = 0.0;
                    perTypeScaled[t * width + m] = 0.0;
                }
            }
            // absent: nobody reported in W(d) (no X(t) > 0, so E = 0), a type of the window the baseline never saw, E = 0
            if (unseenType || e == 0) {
                continue;
            }
            present[m] = true;
            presentMask |= 1 << m;
            expected[m] = e;
            ratio[m] = observed / e;
        }
    }

    /**
     * Adds practice i's z_i² for each present metric of the mask:
     * z_i = (o_i − R·Σ_{t: X(t)>0} [U(t)·x_i(t)/V(t) + X(t)·U_i(t)/V(t) − U(t)·X(t)·V_i(t)/V(t)²]) / E, the three
     * factors U/V, X/V and U·X/V² being worked out once per group by {@link #prepare} (0 where X(t) = 0).
     */
    public void addInfluence(PracticeVector practice, int metricMask) {
        int wanted = metricMask & presentMask;
        if (wanted == 0) {
            return;
        }
        if (!reportMetrics || (wanted & ~ATTRIBUTABLE) != 0) {
            addInfluenceOfAnyMetric(practice, wanted);
            return;
        }
        // the five metrics of attributable change (a superset of the area's own three) in local accumulators: this
        // loop runs for every practice and every group it is in, ~200,000 times a national day
        double contacts = 0;
        double diversions = 0;
        double ag = 0;
        double referrals = 0;
        double online = 0;
        double[] windowList = practice.windowList;
        double[] baselineList = practice.baselineList;
        double[] baseline = practice.baseline;
        for (int t = 0; t < T; t++) {
            double c = scale[t];
            if (c == 0.0) {
                continue; // X(t) = 0: the type is not in the sum
            }
            double xw = windowList[t];
            double xb = baselineList[t];
            int at = t * width;
            contacts += perType[at + CONTACTS] * xw + c * baseline[at + CONTACTS] - perTypeScaled[at + CONTACTS] * xb;
            diversions += perType[at + DIVERSIONS] * xw + c * baseline[at + DIVERSIONS] - perTypeScaled[at + DIVERSIONS] * xb;
            ag += perType[at + AG] * xw + c * baseline[at + AG] - perTypeScaled[at + AG] * xb;
            referrals += perType[at + REFERRALS] * xw + c * baseline[at + REFERRALS] - perTypeScaled[at + REFERRALS] * xb;
            online += perType[at + ONLINE] * xw + c * baseline[at + ONLINE] - perTypeScaled[at + ONLINE] * xb;
        }
        addSquare(wanted, CONTACTS, practice, contacts);
        addSquare(wanted, DIVERSIONS, practice, diversions);
        addSquare(wanted, AG, practice, ag);
        addSquare(wanted, REFERRALS, practice, referrals);
        addSquare(wanted, ONLINE, practice, online);
    }

    private static final int CONTACTS = Metric.PATIENT_CONTACTS.ordinal();
    private static final int DIVERSIONS = Metric.URGENT_CARE_DIVERSIONS.ordinal();
    private static final int AG = Metric.AG_REQUESTS.ordinal();
    private static final int REFERRALS = Metric.REFERRALS.ordinal();
    private static final int ONLINE = Metric.ONLINE_REQUESTS.ordinal();
    private static final int ATTRIBUTABLE = 1 << CONTACTS | 1 << DIVERSIONS | 1 << AG | 1 << REFERRALS | 1 << ONLINE;

    private void addSquare(int wanted, int m, PracticeVector practice, double bracket) {
        if ((wanted & (1 << m)) != 0) {
            double z = (practice.observed[m] - ratio[m] * bracket) / expected[m];
            zSquares[m] += z * z;
        }
    }

    private void addInfluenceOfAnyMetric(PracticeVector practice, int wanted) {
        for (int rest = wanted; rest != 0; rest &= rest - 1) {
            int m = Integer.numberOfTrailingZeros(rest);
            double bracket = 0;
            for (int t = 0; t < T; t++) {
                int at = t * width + m;
                bracket += perType[at] * practice.windowList[t] + scale[t] * practice.baseline[at]
                        - perTypeScaled[at] * practice.baselineList[t];
            }
            addSquare(wanted, m, practice, bracket);
        }
    }

    /** change(G,d,m) = O/E − 1, or null where absent. */
    public Double change(Metric metric) {
        int m = slot(metric);
        return present[m] ? ratio[m] - 1 : null;
    }

    /** se(G,d,m) = sqrt(n/(n−1) · Σ z_i²), or null when n < 2 or the change is absent. */
    public Double standardError(Metric metric) {
        int m = slot(metric);
        if (n < 2 || !present[m]) {
            return null;
        }
        return Math.sqrt((double) n / (n - 1) * zSquares[m]);
    }

    /** The change's 95% interval, change ∓ z·se: {low, high}, or null when the change or its standard error is absent. */
    public double[] interval(Metric metric) {
        Double change = change(metric);
        Double se = standardError(metric);
        return change == null || se == null ? null : new double[] {change - Z * se, change + Z * se};
    }

    /** The bit of {@code metric} in the masks of {@link #prepare} and {@link #addInfluence}. */
    public int bit(Metric metric) {
        return 1 << slot(metric);
    }

    private int slot(Metric metric) {
        int slot = metric.ordinal() - first;
        if (slot < 0 || slot >= width) {
            throw new IllegalArgumentException(metric + " is not a count of this group");
        }
        return slot;
    }

    public long members() {
        return members;
    }

    public long memberPatients() {
        return memberPatients;
    }

    public long reportingOnDay() {
        return reportingOnDay;
    }

    public long n() {
        return n;
    }

    public long windowPractices() {
        return windowPractices;
    }

    public long workingPractices() {
        return workingPractices;
    }

    /** Practice-days of W(d). */
    public long windowDays() {
        long total = 0;
        for (long days : windowDays) {
            total += days;
        }
        return total;
    }

    /** Practice-days of W(d) on working days. */
    public long workingDays() {
        long total = 0;
        for (int t = 0; t < PracticeDays.WORKING_TYPES; t++) {
            total += windowDays[t];
        }
        return total;
    }

    /** Σ list(p) over the practice-days of W(d) on working days. */
    public long workingListDays() {
        long total = 0;
        for (int t = 0; t < PracticeDays.WORKING_TYPES; t++) {
            total += x[t];
        }
        return total;
    }

    /** Σ m over the practice-days of W(d). */
    public long windowSum(Metric metric) {
        int m = slot(metric);
        long total = 0;
        for (int t = 0; t < T; t++) {
            total += window[t * width + m];
        }
        return total;
    }

    /** Σ m over the practice-days of W(d) on working days. */
    public long workingSum(Metric metric) {
        int m = slot(metric);
        long total = 0;
        for (int t = 0; t < PracticeDays.WORKING_TYPES; t++) {
            total += window[t * width + m];
        }
        return total;
    }
}
