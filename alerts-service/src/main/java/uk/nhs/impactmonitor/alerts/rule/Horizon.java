package uk.nhs.impactmonitor.alerts.rule;

import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * How far the monitor's reports reach, over all areas: what a rule on a notice-based indicator (participation)
 * may judge. Participation is never provisional and exists for the future days a notice given in advance covers,
 * so, left to itself, a rule on it would name a day the reports have not reached (issue 14: "no alert judges a
 * day after H − L"). Report-based values carry their own settledness (absent, provisional), so they need none of this.
 *
 * @param settled  S: the latest day of any report-based value seen present and not provisional ({@code null}: none
 *                 seen); in practice H − L
 * @param reported H: the latest day of any report-based value seen present, provisional or not ({@code null}: none
 *                 seen)
 */
public record Horizon(LocalDate settled, LocalDate reported) {

    /** No report seen yet: participation is judged on its latest day (a plan is all there is). */
    public static final Horizon UNKNOWN = new Horizon(null, null);

    /** Whether indicators.md counts {@code indicator} from notices rather than reports (never provisional). */
    public static boolean noticeBased(Indicator indicator) {
        return indicator == Indicator.PARTICIPATING_PRACTICES || indicator == Indicator.PARTICIPATION_RATE
                || indicator == Indicator.PATIENTS_COVERED_RATE;
    }

    /**
     * The latest day a rule may judge of a series of {@code indicator}, or {@code null} for no limit: for a
     * notice-based indicator, once any report has been seen, S (H when the rule includes provisional values). Reports
     * seen but none settled yet (the first L days of a monitor) settle no day: {@link LocalDate#MIN}, nothing judged.
     */
    public LocalDate latestJudgeable(Indicator indicator, boolean includeProvisional) {
        if (!noticeBased(indicator) || reported == null) {
            return null;
        }
        if (includeProvisional) {
            return reported;
        }
        return settled == null ? LocalDate.MIN : settled;
    }

    /** This horizon after seeing {@code day} of a report-based value, present, provisional or not: it never moves back. */
    public Horizon seen(LocalDate day, boolean provisional) {
        LocalDate nextReported = later(reported, day);
        LocalDate nextSettled = provisional ? settled : later(settled, day);
        return nextReported.equals(reported) && nextSettled == settled ? this : new Horizon(nextSettled, nextReported);
    }

    private static LocalDate later(LocalDate current, LocalDate day) {
        return current == null || day.isAfter(current) ? day : current;
    }
}
