package uk.nhs.impactmonitor.streams.indicator;

import java.util.Arrays;
import java.util.List;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * The reported days of every cluster over one period (the window W(d), or the baseline B), split by day type τ(e)
 * (indicators.md, "The calendar"): per cluster and type, how many days it reported and the sum of each count. The
 * clusters are practices for the report-based indicators (counts: {@link Metric#REPORT_METRICS}) and sub-ICB
 * locations for the appointments feed (counts: {@link Metric#APPOINTMENT_METRICS}). Flat arrays reused from day to day (a national model computes ~6,000 practices a day, so no object per
 * practice). A day type is {@link java.time.DayOfWeek#ordinal()} (Monday 0 … Sunday 6); since a bank holiday has the
 * type Sunday, the types 0 to 4 are exactly the working days.
 */
public final class PracticeDays {

    /** Day types: Monday … Sunday. */
    public static final int TYPES = 7;
    /** Types 0..WORKING_TYPES-1 (Monday to Friday) are the working days. */
    public static final int WORKING_TYPES = 5;

    private final int practices;
    /** The counts held per day, in this order (contiguous in {@link Metric} order). */
    final List<Metric> metrics;
    /** Counts per cluster-day: {@code metrics.size()}. */
    final int width;
    final int[] days;
    final long[] counts;

    /** Practices and their reports' counts. */
    public PracticeDays(int practices) {
        this(practices, Metric.REPORT_METRICS);
    }

    /** @param metrics the counts of a day, contiguous in {@link Metric} order (a metric's slot is its place here) */
    public PracticeDays(int clusters, List<Metric> metrics) {
        this.practices = clusters;
        this.metrics = metrics;
        this.width = metrics.size();
        this.days = new int[clusters * TYPES];
        this.counts = new long[clusters * TYPES * width];
    }

    public int practices() {
        return practices;
    }

    public void clear() {
        Arrays.fill(days, 0);
        Arrays.fill(counts, 0L);
    }

    /** Adds one reported practice-day of the given type, its counts in {@link Metric} order from {@code from}. */
    public void add(int practice, int type, int[] reportCounts, int from) {
        int slot = practice * TYPES + type;
        days[slot]++;
        int at = slot * width;
        for (int m = 0; m < width; m++) {
            counts[at + m] += reportCounts[from + m];
        }
    }

    /** Adds one reported day of the given type, one count per metric in the order of {@link #metrics}. */
    public void add(int practice, int type, long... metricCounts) {
        if (metricCounts.length != width) {
            throw new IllegalArgumentException("one count per metric, in Metric order");
        }
        int slot = practice * TYPES + type;
        days[slot]++;
        for (int m = 0; m < width; m++) {
            counts[slot * width + m] += metricCounts[m];
        }
    }

    /** Days the practice reported in the period, over every type. */
    public int days(int practice) {
        int total = 0;
        for (int t = 0; t < TYPES; t++) {
            total += days[practice * TYPES + t];
        }
        return total;
    }

    public int days(int practice, int type) {
        return days[practice * TYPES + type];
    }

    public long count(int practice, int type, Metric metric) {
        return counts[(practice * TYPES + type) * width + metric.ordinal() - metrics.get(0).ordinal()];
    }
}
