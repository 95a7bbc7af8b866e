package uk.nhs.impactmonitor.alerts.rule;

import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.alert.Severity;

/**
 * What a rule makes of one activity day of a series.
 *
 * @param day            the activity day
 * @param usable         false for no data: a null value, a provisional one (unless the rule includes them), no
 *                       number to judge (a bound the value lacks), a basis under the rule's minimum, a day that is
 *                       no day of the indicator, or (EARS) an incomplete baseline. An unusable day neither
 *                       breaches nor clears.
 * @param level          the severity the day breaches, or {@code null} when it breaches none
 * @param clearsWarning  the value is back past the rule's clear threshold (a firing alert resolves)
 * @param clearsCritical the value is back past the critical-clear threshold (CRITICAL returns to WARNING)
 * @param value          the number judged: the indicator's value, or the bound of its interval the rule judges
 * @param threshold      the threshold of {@code level} (of WARNING when no level), in the indicator's unit
 */
public record DayReading(LocalDate day, boolean usable, Severity level, boolean clearsWarning, boolean clearsCritical,
                         Double value, Double threshold) {

    public static DayReading noData(LocalDate day, Double value) {
        return new DayReading(day, false, null, false, false, value, null);
    }

    public boolean breaches() {
        return usable && level != null;
    }
}
