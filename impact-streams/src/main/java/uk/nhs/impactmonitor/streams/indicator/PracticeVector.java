package uk.nhs.impactmonitor.streams.indicator;

import java.util.List;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * One cluster's (a practice's, or a sub-ICB location's) part of the influence formula, as doubles laid out for {@link Group#addInfluence}: x_i(t) = list·days
 * in W(d) and V_i(t) = list·days in B by type, U_i(t) by metric and type, and o_i by metric. Filled once per practice and
 * read by every group the practice is in (up to 33 on a national day: 3 areas × (all + 10 actions)), so the counts are
 * converted and summed once rather than once per group. A scratch object, reused.
 */
public final class PracticeVector {

    private static final int T = PracticeDays.TYPES;
    private final int width;
    final double[] windowList = new double[T];
    final double[] baselineList = new double[T];
    /** U_i(t) at [t·M + m]. */
    final double[] baseline;
    final double[] observed;

    /** For practices and their reports' counts. */
    public PracticeVector() {
        this(Metric.REPORT_METRICS);
    }

    /** For clusters whose days hold these counts (as their {@link PracticeDays}). */
    public PracticeVector(List<Metric> metrics) {
        width = metrics.size();
        baseline = new double[width * T];
        observed = new double[width];
    }

    /** Loads practice {@code practice}'s periods; only the metrics of the mask are loaded. */
    public void load(PracticeDays window, PracticeDays base, int practice, long listSize, int metricMask) {
        int first = practice * T;
        for (int t = 0; t < T; t++) {
            windowList[t] = (double) listSize * window.days[first + t];
            baselineList[t] = (double) listSize * base.days[first + t];
        }
        for (int rest = metricMask; rest != 0; rest &= rest - 1) {
            int m = Integer.numberOfTrailingZeros(rest);
            long o = 0;
            for (int t = 0; t < T; t++) {
                int at = (first + t) * width + m;
                o += window.counts[at];
                baseline[t * width + m] = base.counts[at];
            }
            observed[m] = o;
        }
    }
}
