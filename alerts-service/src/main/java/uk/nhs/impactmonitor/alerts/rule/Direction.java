package uk.nhs.impactmonitor.alerts.rule;

/** Which side of a threshold is bad. */
public enum Direction {
    /** Bad when the value reaches the threshold or goes over it. */
    ABOVE,
    /** Bad when the value reaches the threshold or goes under it (a fall, a loss of completeness). */
    BELOW;

    /** Whether {@code value} is at or beyond {@code threshold} on the bad side. */
    public boolean breaches(double value, double threshold) {
        return this == ABOVE ? value >= threshold : value <= threshold;
    }

    /** Whether {@code value} is strictly back on the good side of {@code threshold}. */
    public boolean clears(double value, double threshold) {
        return this == ABOVE ? value < threshold : value > threshold;
    }
}
