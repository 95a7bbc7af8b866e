package uk.nhs.impactmonitor.simulator.scenario;

/**
 * How reliably practices send their daily reports.
 *
 * @param completeness   share of practices that report a given day at all (default 0.97)
 * @param lateRate       share of reports that arrive after their activity day (default 0.05)
 * @param maxLateDays    how many days late a late report can be, at most (default 3)
 * @param correctionRate share of reports re-sent later with corrected counts (default 0.02); the first
 *                       report of such a day undercounts, as a report sent before the day's records are complete
 */
public record Reporting(double completeness, double lateRate, int maxLateDays, double correctionRate) {

    public static final Reporting DEFAULT = new Reporting(0.97, 0.05, 3, 0.02);
}
