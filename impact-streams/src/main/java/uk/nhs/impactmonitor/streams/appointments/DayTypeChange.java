package uk.nhs.impactmonitor.streams.appointments;

/**
 * The day-type standardised change against baseline and its 95% interval of indicators.md ("Change against
 * baseline, standardised by day type"), for any clusters: the formula is written over practices there, and the
 * appointments feed applies it with sub-ICB locations as the clusters. The national model's own implementation
 * is fused with its per-practice arrays for speed (indicator.Group), so this is a small, separate, plain form of
 * the same definition that takes each cluster's sums directly.
 */
public final class DayTypeChange {

    /** z of the 95% interval. */
    public static final double Z95 = 1.959963984540054;
    /** Day types: Monday … Sunday (DayOfWeek ordinals; a bank holiday has the type Sunday). */
    public static final int TYPES = 7;

    /** The change and its interval; {@code value} null when absent, {@code low}/{@code high} null without an interval. */
    public record Result(Double value, Double low, Double high) {
        static final Result ABSENT = new Result(null, null, null);
    }

    private DayTypeChange() {
    }

    /**
     * @param o      o_i: cluster i's count over its days with data in W(d)
     * @param x      x_i(t): Σ list(i) over i's days with data in W(d) of type t ({@code x[i][t]})
     * @param u      U_i(t): i's count over its days with data in B of type t
     * @param v      V_i(t): Σ list(i) over i's days with data in B of type t
     * @param n      the clusters with data in W(d) or B
     * @param inWindow whether any cluster has data in W(d)
     */
    public static Result compute(double[] o, double[][] x, double[][] u, double[][] v, int n, boolean inWindow) {
        if (!inWindow) {
            return Result.ABSENT;
        }
        int clusters = o.length;
        double bigO = 0;
        double[] bigX = new double[TYPES];
        double[] bigU = new double[TYPES];
        double[] bigV = new double[TYPES];
        for (int i = 0; i < clusters; i++) {
            bigO += o[i];
            for (int t = 0; t < TYPES; t++) {
                bigX[t] += x[i][t];
                bigU[t] += u[i][t];
                bigV[t] += v[i][t];
            }
        }
        double e = 0;
        for (int t = 0; t < TYPES; t++) {
            if (bigX[t] > 0) {
                if (bigV[t] == 0) {
                    return Result.ABSENT; // the baseline never saw this day type
                }
                e += bigX[t] * bigU[t] / bigV[t];
            }
        }
        if (e == 0) {
            return Result.ABSENT;
        }
        double r = bigO / e;
        double change = r - 1;
        if (n < 2) {
            return new Result(change, null, null);
        }
        double squares = 0;
        for (int i = 0; i < clusters; i++) {
            double derivative = 0;
            for (int t = 0; t < TYPES; t++) {
                if (bigX[t] > 0) {
                    derivative += bigU[t] * x[i][t] / bigV[t] + bigX[t] * u[i][t] / bigV[t]
                            - bigU[t] * bigX[t] * v[i][t] / (bigV[t] * bigV[t]);
                }
            }
            double z = (o[i] - r * derivative) / e;
            squares += z * z;
        }
        double se = Math.sqrt((double) n / (n - 1) * squares);
        return new Result(change, change - Z95 * se, change + Z95 * se);
    }
}
