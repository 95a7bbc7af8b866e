package uk.nhs.impactmonitor.streams.indicator;

import java.util.Arrays;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * Additive sums over a set of practice-days S: how many distinct practices and practice-days S holds,
 * Σ list(p) over S (the denominator of a pooled rate) and Σ m(p,d) for every metric. Sums of disjoint sets
 * add, which is what lets an ICB's sums make its region's and England's, and "without an action" be
 * "all" minus "with".
 */
public final class Sums {

    private static final int METRICS = Metric.values().length;

    private long practices;
    private long practiceDays;
    private long listDays;
    private final long[] metrics = new long[METRICS];

    public Sums() {
    }

    /** Sums given outright (tests work them out by hand). {@code metrics} is indexed by {@link Metric#ordinal()}. */
    public static Sums of(long practices, long practiceDays, long listDays, long... metrics) {
        if (metrics.length != METRICS) {
            throw new IllegalArgumentException("one sum per metric, in Metric order");
        }
        Sums sums = new Sums();
        sums.practices = practices;
        sums.practiceDays = practiceDays;
        sums.listDays = listDays;
        System.arraycopy(metrics, 0, sums.metrics, 0, METRICS);
        return sums;
    }

    /** Adds one practice-day. Callers count the distinct practice themselves with {@link #addPractice}. */
    public void addReport(DailyReport report, int listSize) {
        practiceDays++;
        listDays += listSize;
        for (Metric metric : Metric.values()) {
            metrics[metric.ordinal()] += report.count(metric);
        }
    }

    /**
     * Adds one practice-day given as counts in {@link Metric} order at {@code from} (the model keeps counts, not reports).
     */
    public void addCounts(int[] counts, int from, int listSize) {
        practiceDays++;
        listDays += listSize;
        for (int i = 0; i < METRICS; i++) {
            metrics[i] += counts[from + i];
        }
    }

    /** Adds the sums of one practice's practice-days; the practice counts once if it has any. */
    public void addPractice(Sums ofOnePractice) {
        if (ofOnePractice.practiceDays > 0) {
            practices++;
        }
        practiceDays += ofOnePractice.practiceDays;
        listDays += ofOnePractice.listDays;
        for (int i = 0; i < METRICS; i++) {
            metrics[i] += ofOnePractice.metrics[i];
        }
    }

    /** These sums less a subset's: the sums of the rest. */
    /** Adds another area's sums (practices included): an ICB's into its region's, a region's into England's. */
    public void add(Sums other) {
        practices += other.practices;
        practiceDays += other.practiceDays;
        listDays += other.listDays;
        for (int i = 0; i < METRICS; i++) {
            metrics[i] += other.metrics[i];
        }
    }

    public Sums minus(Sums subset) {
        Sums rest = new Sums();
        rest.practices = practices - subset.practices;
        rest.practiceDays = practiceDays - subset.practiceDays;
        rest.listDays = listDays - subset.listDays;
        for (int i = 0; i < METRICS; i++) {
            rest.metrics[i] = metrics[i] - subset.metrics[i];
        }
        return rest;
    }

    public long practices() {
        return practices;
    }

    public long practiceDays() {
        return practiceDays;
    }

    public long listDays() {
        return listDays;
    }

    public long sum(Metric metric) {
        return metrics[metric.ordinal()];
    }

    /** {@code rate(S, m) = 1000 · Σ m / Σ list}; absent (null) when S holds no registered patients. */
    public Double rate(Metric metric) {
        return listDays == 0 ? null : 1000.0 * sum(metric) / listDays;
    }

    @Override
    public String toString() {
        return "Sums[practices=" + practices + ", practiceDays=" + practiceDays + ", listDays=" + listDays + ", metrics="
                + Arrays.toString(metrics) + "]";
    }
}
