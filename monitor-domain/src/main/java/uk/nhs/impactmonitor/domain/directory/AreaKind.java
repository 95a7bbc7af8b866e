package uk.nhs.impactmonitor.domain.directory;

/** The levels at which indicators are computed. */
public enum AreaKind {
    ICB,
    REGION,
    COUNTRY
}
