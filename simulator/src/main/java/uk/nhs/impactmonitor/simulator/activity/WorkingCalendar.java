package uk.nhs.impactmonitor.simulator.activity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/**
 * When practices are open. Core hours are weekdays; weekends and England's bank holidays are closed
 * (apart from some extended-access Saturday clinics), while online requests still come in, at a lower rate,
 * for the next working day.
 */
public final class WorkingCalendar {

    /** gov.uk bank holidays in England and Wales, 2024-2027: the years a demo or backfill can reach. */
    private static final Set<LocalDate> BANK_HOLIDAYS = Set.of(
            LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 29), LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 6),
            LocalDate.of(2024, 5, 27), LocalDate.of(2024, 8, 26), LocalDate.of(2024, 12, 25), LocalDate.of(2024, 12, 26),
            LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 18), LocalDate.of(2025, 4, 21), LocalDate.of(2025, 5, 5),
            LocalDate.of(2025, 5, 26), LocalDate.of(2025, 8, 25), LocalDate.of(2025, 12, 25), LocalDate.of(2025, 12, 26),
            LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6), LocalDate.of(2026, 5, 4),
            LocalDate.of(2026, 5, 25), LocalDate.of(2026, 8, 31), LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 28),
            LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 26), LocalDate.of(2027, 3, 29), LocalDate.of(2027, 5, 3),
            LocalDate.of(2027, 5, 31), LocalDate.of(2027, 8, 30), LocalDate.of(2027, 12, 27), LocalDate.of(2027, 12, 28));

    /** Share of a working day's in-person activity on a Saturday: extended-access clinics only. */
    static final double SATURDAY = 0.04;
    /** Sundays and bank holidays: closed (out-of-hours care is not the practice's). */
    static final double CLOSED = 0.0;
    /** Online requests keep arriving when the practice is closed, at about a third of the weekday rate. */
    static final double ONLINE_WHEN_CLOSED = 0.3;

    private WorkingCalendar() {
    }

    public static boolean isWorkingDay(LocalDate day) {
        DayOfWeek dow = day.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !BANK_HOLIDAYS.contains(day);
    }

    /** Multiplier of the working-day rate of contacts, sessions, diversions, A&G and referrals. */
    static double activityFactor(LocalDate day) {
        if (isWorkingDay(day)) {
            return 1.0;
        }
        return day.getDayOfWeek() == DayOfWeek.SATURDAY && !BANK_HOLIDAYS.contains(day) ? SATURDAY : CLOSED;
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

    /** Multiplier of the working-day rate of online requests. */
    static double onlineFactor(LocalDate day) {
        return isWorkingDay(day) ? 1.0 : ONLINE_WHEN_CLOSED;
    }
}
