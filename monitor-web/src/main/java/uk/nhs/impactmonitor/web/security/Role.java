package uk.nhs.impactmonitor.web.security;

/** The four kinds of credential of {@code api.md}. */
public enum Role {
    /** Submits and reads for its own practice only. */
    PRACTICE,
    /** An ICB's planners, or the LMC on its practices' behalf: submits and reads for the ICB's practices; reads the ICB's indicators and alerts. */
    ICB,
    /** An NHS England regional team: reads its region's and its ICBs' indicators and alerts; acknowledges and silences its alerts. */
    REGION,
    /** Does everything. */
    ADMIN
}
