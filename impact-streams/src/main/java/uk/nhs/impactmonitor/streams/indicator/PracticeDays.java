package uk.nhs.impactmonitor.streams.indicator;

import java.util.Arrays;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * The reported practice-days of every practice over one period (the window W(d), or the baseline B), split by day
 * type τ(e) (indicators.md, "The calendar"): per practice and type, how many days it reported and the sum of each
 * count. Flat arrays reused from day to day (a national model computes ~6,000 practices a day, so no object per
 * practice). A day type is {@link java.time.DayOfWeek#ordinal()} (Monday 0 … Sunday 6); since a bank holiday has the
 * type Sunday, the types 0 to 4 are exactly the working days.
 */
public final class PracticeDays {

    /** Day types: Monday … Sunday. */
    public static final int TYPES = 7;
    /** Types 0..WORKING_TYPES-1 (Monday to Friday) are the working days. */
    public static final int WORKING_TYPES = 5;
    static final int METRICS = Metric.REPORT_METRICS.size();

    private final int practices;
    final int[] days;
    final long[] counts;

    public PracticeDays(int practices) {
        this.practices = practices;
        this.days = new int[practices * TYPES];
        this.counts = new long[practices * TYPES * METRICS];
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
        int at = slot * METRICS;
        for (int m = 0; m < METRICS; m++) {
            counts[at + m] += reportCounts[from + m];
        }
    }

    /** Adds one reported practice-day of the given type (tests build periods by hand). */
    public void add(int practice, int type, long... metricCounts) {
        if (metricCounts.length != METRICS) {
            throw new IllegalArgumentException("one count per metric, in Metric order");
        }
        int slot = practice * TYPES + type;
        days[slot]++;
        for (int m = 0; m < METRICS; m++) {
            counts[slot * METRICS + m] += metricCounts[m];
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
        return counts[(practice * TYPES + type) * METRICS + metric.ordinal()];
    }
}
