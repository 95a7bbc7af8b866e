package uk.nhs.impactmonitor.simulator.scenario;

/**
 * What becomes of participants' notices after they are declared.
 *
 * @param correctedRate share of notices later corrected with an end date: the practice stopped the action,
 *                      its effects end on {@code effectiveTo} (default 0.03)
 * @param withdrawnRate share of notices withdrawn a few days after they were sent: the practice never took
 *                      the action, so it has no effect on any day (default 0.02)
 */
public record NoticeRates(double correctedRate, double withdrawnRate) {

    public static final NoticeRates DEFAULT = new NoticeRates(0.03, 0.02);
}
