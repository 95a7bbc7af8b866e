package uk.nhs.impactmonitor.domain.alert;

/** Where an alert is in its life: in breach but not yet for long enough, firing, or resolved. */
public enum AlertState {
    PENDING,
    FIRING,
    RESOLVED
}
