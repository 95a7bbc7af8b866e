package uk.nhs.impactmonitor.domain.alert;

/** WARNING is the planning threshold; CRITICAL is the reasonable worst case. */
public enum Severity {
    WARNING,
    CRITICAL
}
