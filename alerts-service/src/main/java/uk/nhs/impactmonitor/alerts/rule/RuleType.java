package uk.nhs.impactmonitor.alerts.rule;

/** How a rule decides a day is in breach. */
public enum RuleType {
    /** Fixed WARNING / CRITICAL thresholds on the indicator's value. */
    THRESHOLD,
    /** CDC's EARS C2 on the indicator's daily series: for moves no fixed threshold anticipated. */
    EARS_C2
}
