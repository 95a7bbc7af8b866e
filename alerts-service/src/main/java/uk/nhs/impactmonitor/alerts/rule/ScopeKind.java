package uk.nhs.impactmonitor.alerts.rule;

/** Which areas a rule watches. */
public enum ScopeKind {
    /** Every ICB. */
    ICB,
    /** Every NHS England region. */
    REGION,
    /** England as a whole. */
    ENGLAND,
    /** Only the areas named in the rule's {@code areas}. */
    AREAS
}
