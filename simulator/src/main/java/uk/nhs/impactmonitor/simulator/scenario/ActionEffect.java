package uk.nhs.impactmonitor.simulator.scenario;

import java.util.Map;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * What an action does to a participating practice's daily activity, from the day it joins.
 *
 * @param contactCap    contacts per clinician session beyond which the practice stops (CAP_DAILY_CONTACTS: the
 *                      UEMO safe maximum of 25); {@code null}: no cap
 * @param divertedShare share of the contacts turned away at the cap that end up as urgent-care diversions
 *                      (default 0.6; the rest wait or give up)
 * @param multipliers   multipliers of a metric's count (e.g. {@code agRequests: 0.03} for near zero,
 *                      {@code referrals: 1.1} for a 10% rise); several actions multiply
 */
public record ActionEffect(Integer contactCap, double divertedShare, Map<Metric, Double> multipliers) {

    public static final double DEFAULT_DIVERTED_SHARE = 0.6;
    public static final ActionEffect NONE = new ActionEffect(null, DEFAULT_DIVERTED_SHARE, Map.of());

    public ActionEffect {
        multipliers = Map.copyOf(multipliers);
    }

    public double multiplier(Metric metric) {
        return multipliers.getOrDefault(metric, 1.0);
    }
}
