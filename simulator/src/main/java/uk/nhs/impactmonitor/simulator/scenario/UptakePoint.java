package uk.nhs.impactmonitor.simulator.scenario;

/**
 * One point of an uptake curve: by day {@code day} of the action period (0 = the start date), {@code share}
 * of practices have taken the action. Between points the share is interpolated linearly.
 */
public record UptakePoint(int day, double share) {
}
