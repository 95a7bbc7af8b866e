package uk.nhs.impactmonitor.simulator.scenario;

/**
 * When participants give notice, and what becomes of their notices after they are declared.
 *
 * @param correctedRate share of notices later corrected with an end date: the practice stopped the action,
 *                      its effects end on {@code effectiveTo} (default 0.03)
 * @param withdrawnRate share of notices withdrawn a few days after they were sent: the practice never took
 *                      the action, so it has no effect on any day (default 0.02)
 * @param minLeadDays   a notice is given this many days before its {@code effectiveFrom} at least (default 7), as
 *                      LMCs gave notice of the 2024 action; an end is announced as far ahead
 * @param maxLeadDays   ... and at most (default 14); never before the first simulated day
 * @param fixedTermRate share of notices that give an end date from the start (a fixed term of 4 to 12 weeks);
 *                      the others are open-ended, "until further notice" (default 0.10)
 */
public record NoticeRates(double correctedRate, double withdrawnRate, int minLeadDays, int maxLeadDays, double fixedTermRate) {

    public static final int DEFAULT_MIN_LEAD_DAYS = 7;
    public static final int DEFAULT_MAX_LEAD_DAYS = 14;
    public static final double DEFAULT_FIXED_TERM_RATE = 0.10;
    public static final NoticeRates DEFAULT = new NoticeRates(0.03, 0.02);

    /** Corrections and withdrawals only; notice given 7 to 14 days ahead, 10% of notices for a fixed term. */
    public NoticeRates(double correctedRate, double withdrawnRate) {
        this(correctedRate, withdrawnRate, DEFAULT_MIN_LEAD_DAYS, DEFAULT_MAX_LEAD_DAYS, DEFAULT_FIXED_TERM_RATE);
    }
}
