package uk.nhs.impactmonitor.alerts.rule;

import java.time.LocalDate;

/**
 * What else a rule may need to know about the area to trust a value: its reporting completeness (the share of its
 * practices that reported), from the area's own {@code reporting_completeness}. That indicator exists on working
 * days only (indicators.md), so the completeness that stands for a day is that of the latest working day on or
 * before it: a Saturday's value is checked against Friday's completeness.
 */
@FunctionalInterface
public interface Basis {

    /** The area's settled reporting completeness standing for {@code day}, or {@code null} when not known. */
    Double reportingCompleteness(LocalDate day);

    /**
     * As {@link #reportingCompleteness(LocalDate)}, accepting a provisional completeness when
     * {@code includeProvisional} (a rule that judges provisional values); by default the settled one only.
     */
    default Double reportingCompleteness(LocalDate day, boolean includeProvisional) {
        return reportingCompleteness(day);
    }

    Basis UNKNOWN = day -> null;
}
