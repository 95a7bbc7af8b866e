package uk.nhs.impactmonitor.alerts.rule;

/**
 * The EARS C2 statistic of one day against its baseline. Standard deviation is the sample one (n - 1), as in
 * CDC's EARS; {@code sigma} is that floored at the rule's minimum, so a perfectly flat baseline still needs a
 * real move to alarm.
 *
 * @param mean      baseline mean
 * @param sd        baseline sample standard deviation
 * @param sigma     {@code max(sd, minSigma)}
 * @param statistic C2 in the bad direction: {@code (x - mean) / sigma} for ABOVE, {@code (mean - x) / sigma} for BELOW
 */
public record EarsC2(double mean, double sd, double sigma, double statistic) {

    public static EarsC2 of(double[] baseline, double value, Direction direction, double minSigma) {
        if (baseline.length < 2) {
            throw new IllegalArgumentException("EARS C2 needs at least two baseline days, got " + baseline.length);
        }
        double sum = 0;
        for (double v : baseline) {
            sum += v;
        }
        double mean = sum / baseline.length;
        double squares = 0;
        for (double v : baseline) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (baseline.length - 1));
        double sigma = Math.max(sd, minSigma);
        double statistic = direction == Direction.ABOVE ? (value - mean) / sigma : (mean - value) / sigma;
        return new EarsC2(mean, sd, sigma, statistic);
    }

    /** The value at which the statistic reaches {@code sigmas}: the threshold a planner can read. */
    public double thresholdAt(double sigmas, Direction direction) {
        return direction == Direction.ABOVE ? mean + sigmas * sigma : mean - sigmas * sigma;
    }
}
