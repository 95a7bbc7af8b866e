package uk.nhs.impactmonitor.simulator.activity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;

/**
 * When practices are open, and the shape of their week and year. Working days are Monday to Friday except
 * England's bank holidays (monitor-domain's built-in GOV.UK list, as indicators.md's calendar); on closed days
 * (weekends, bank holidays) most practices are shut and the few that open do little: how many and how little is
 * the scenario's ({@link uk.nhs.impactmonitor.simulator.scenario.ClosedDays}).
 */
public final class WorkingCalendar {

    static final ActivityCalendar CALENDAR = ActivityCalendar.builtIn();

    /**
     * Working days Monday to Friday relative to their mean: NHS England's daily appointments, June to October 2024
     * (weekdays that were not bank holidays), read 1.087, 1.046, 0.982, 0.975, 0.909; rounded here to 1.09, 1.05,
     * 0.98, 0.97, 0.91 (mean 1). Modest, and real: a Monday is busier than a Friday in every week.
     */
    private static final double[] WEEKDAYS = {1.09, 1.05, 0.98, 0.97, 0.91};

    private WorkingCalendar() {
    }

    public static boolean isWorkingDay(LocalDate day) {
        return CALENDAR.isWorkingDay(day);
    }

    /** A Saturday that is not a bank holiday: the day type Saturday of indicators.md. */
    static boolean isSaturday(LocalDate day) {
        return CALENDAR.dayType(day) == DayOfWeek.SATURDAY;
    }

    /** A working day's multiplier for its weekday (1 on closed days, whose level is the scenario's). */
    static double weekdayFactor(LocalDate day) {
        return isWorkingDay(day) ? WEEKDAYS[day.getDayOfWeek().ordinal()] : 1.0;
    }

    /**
     * The shape of the year in general practice, month by month, relative to the annual mean: roughly that of
     * NHS England's Appointments in General Practice series, quiet in August and over Christmas, busiest in
     * October and November as respiratory illness rises. An approximation; its point is that the action period
     * (August onwards) does not sit on a flat line, so a raw change against the July baseline mixes the action
     * with the season, which is what the attributable change of {@code indicators.md} separates.
     */
    private static final double[] MONTHS = {1.02, 1.03, 1.02, 0.98, 0.99, 1.00, 0.98, 0.93, 1.02, 1.06, 1.05, 0.92};

    /** The season's multiplier of every count, interpolated between mid-month values so there is no step on the 1st. */
    static double seasonalFactor(LocalDate day) {
        LocalDate month = day.withDayOfMonth(1);
        double middle = middle(month);
        double at = day.toEpochDay();
        LocalDate from = at >= middle ? month : month.minusMonths(1);
        LocalDate to = from.plusMonths(1);
        double weight = (at - middle(from)) / (middle(to) - middle(from));
        double first = MONTHS[from.getMonthValue() - 1];
        return first + weight * (MONTHS[to.getMonthValue() - 1] - first);
    }

    private static double middle(LocalDate firstOfMonth) {
        return firstOfMonth.toEpochDay() + (firstOfMonth.lengthOfMonth() - 1) / 2.0;
    }
}
