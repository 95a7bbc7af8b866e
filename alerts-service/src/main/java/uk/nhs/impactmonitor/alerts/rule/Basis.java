package uk.nhs.impactmonitor.alerts.rule;

import java.time.LocalDate;

/**
 * What else a rule may need to know about the area on a day to trust a value: its reporting completeness
 * (the share of its practices that reported that day), from the area's own {@code reporting_completeness}.
 */
@FunctionalInterface
public interface Basis {

    /** The area's reporting completeness on {@code day}, or {@code null} when not known. */
    Double reportingCompleteness(LocalDate day);

    Basis UNKNOWN = day -> null;
}
