package uk.nhs.impactmonitor.simulator.activity;

import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * A practice's part in one action: the day it joined (its notice's {@code effectiveFrom}) and what became of
 * its notice.
 *
 * @param effectiveTo  set when the notice was later corrected with an end date ({@code null}: open-ended)
 * @param withdrawn    the notice was withdrawn: the practice never took the action
 */
public record Participation(
        String practiceCode,
        CollectiveAction action,
        String noticeId,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        boolean withdrawn) {

    /** Whether the action changes the practice's activity on {@code day}. */
    public boolean inForceOn(LocalDate day) {
        return !withdrawn && !day.isBefore(effectiveFrom) && (effectiveTo == null || !day.isAfter(effectiveTo));
    }
}
