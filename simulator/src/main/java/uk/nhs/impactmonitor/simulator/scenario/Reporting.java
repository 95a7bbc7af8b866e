package uk.nhs.impactmonitor.simulator.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * How reliably and how promptly practices send their daily reports.
 *
 * @param completeness   share of the practices open on a day that ever report it (default 0.97); the rest never do
 * @param arrival        when a report arrives: {@code arrival[k]} is the share of a day's reports that arrive k days
 *                       after the day (k = 0: the same evening), adding up to 1 (default 0.60, 0.30, 0.08, 0.015,
 *                       0.005: most the same evening, nearly all within three days, a few later)
 * @param correctionRate share of reports re-sent later with corrected counts (default 0.02); the first
 *                       report of such a day undercounts, as a report sent before the day's records are complete
 * @param closedDays     who reports a closed day (a weekend day or a bank holiday), and with how much activity
 */
public record Reporting(double completeness, List<Double> arrival, double correctionRate, ClosedDays closedDays) {

    public static final List<Double> DEFAULT_ARRIVAL = List.of(0.60, 0.30, 0.08, 0.015, 0.005);
    public static final Reporting DEFAULT = new Reporting(0.97, DEFAULT_ARRIVAL, 0.02, ClosedDays.DEFAULT);

    public Reporting {
        arrival = List.copyOf(arrival);
    }

    /**
     * Version 1's shape, kept for callers that only say how many reports are late: {@code 1 - lateRate} arrive
     * the same day and the late ones spread evenly over 1..{@code maxLateDays} days; closed days as by default.
     */
    public Reporting(double completeness, double lateRate, int maxLateDays, double correctionRate) {
        this(completeness, spread(lateRate, maxLateDays), correctionRate, ClosedDays.DEFAULT);
    }

    private static List<Double> spread(double lateRate, int maxLateDays) {
        List<Double> shares = new ArrayList<>();
        shares.add(1 - lateRate);
        for (int k = 1; k <= maxLateDays; k++) {
            shares.add(lateRate / maxLateDays);
        }
        return shares;
    }

    /** The most days after its activity day a report can arrive. */
    public int maxLateDays() {
        return arrival.size() - 1;
    }

    /** Share of reports that arrive after their activity day. */
    public double lateRate() {
        return 1 - arrival.get(0);
    }

    /** The days a report is late for a uniform draw {@code u} in [0, 1): the arrival distribution's inverse. */
    public int lateDays(double u) {
        double cumulative = 0;
        for (int k = 0; k < arrival.size(); k++) {
            cumulative += arrival.get(k);
            if (u < cumulative) {
                return k;
            }
        }
        return arrival.size() - 1; // the shares add up to 1 within rounding: the last bucket takes the rest
    }
}
