package uk.nhs.impactmonitor.simulator.scenario;

import java.util.List;
import java.util.Map;

/**
 * How one action spreads and what it does.
 *
 * @param uptake  the uptake curve: share of practices taking part by day of the action period, days
 *                increasing, shares not decreasing (before the first point: none; after the last: flat)
 * @param regions multipliers of the uptake share by NHS England region code ({@code Y56}..{@code Y63});
 *                regions not listed take 1 (the result is capped at 1)
 * @param effect  the effect on a participant's activity
 */
public record ActionScenario(List<UptakePoint> uptake, Map<String, Double> regions, ActionEffect effect) {

    public ActionScenario {
        uptake = List.copyOf(uptake);
        regions = Map.copyOf(regions);
    }

    /** Share of practices of {@code regionCode} taking part by day {@code day} of the action period. */
    public double share(int day, String regionCode) {
        return Math.min(1.0, nationalShare(day) * regions.getOrDefault(regionCode, 1.0));
    }

    /** The uptake curve itself, before regional variation. */
    public double nationalShare(int day) {
        UptakePoint first = uptake.get(0);
        if (day < first.day()) {
            return 0;
        }
        for (int i = 1; i < uptake.size(); i++) {
            UptakePoint next = uptake.get(i);
            if (day < next.day()) {
                UptakePoint previous = uptake.get(i - 1);
                double progress = (double) (day - previous.day()) / (next.day() - previous.day());
                return previous.share() + progress * (next.share() - previous.share());
            }
        }
        return uptake.get(uptake.size() - 1).share();
    }

    /** The last day on which the curve still changes; after it nobody new joins. */
    public int lastUptakeDay() {
        return uptake.get(uptake.size() - 1).day();
    }
}
