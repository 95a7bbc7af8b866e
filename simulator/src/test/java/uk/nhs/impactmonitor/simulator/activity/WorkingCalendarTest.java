package uk.nhs.impactmonitor.simulator.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    @Test
    void shouldTakeTheMonthsValueWhenTheDayIsMidMonth() {
        // August has 31 days: its middle is the 16th, where the factor is August's 0.93
        assertThat(WorkingCalendar.seasonalFactor(LocalDate.of(2024, 8, 16))).isCloseTo(0.93, within(1e-9));
        // October's middle is the 16th too: 1.06
        assertThat(WorkingCalendar.seasonalFactor(LocalDate.of(2024, 10, 16))).isCloseTo(1.06, within(1e-9));
    }

    @Test
    void shouldMoveSmoothlyWhenAMonthTurns() {
        // from 16 August (0.93) to 15.5 September (1.02) is 30.5 days:
        // 31 August is 15 days in: 0.93 + 15/30.5 · 0.09 = 0.974262; 1 September 16 days: 0.977213
        assertThat(WorkingCalendar.seasonalFactor(LocalDate.of(2024, 8, 31))).isCloseTo(0.974262, within(1e-6));
        assertThat(WorkingCalendar.seasonalFactor(LocalDate.of(2024, 9, 1))).isCloseTo(0.977213, within(1e-6));
        // across the year's turn: from 16 December (0.92) to 16 January (1.02) is 31 days; 1 January is 16 in
        assertThat(WorkingCalendar.seasonalFactor(LocalDate.of(2025, 1, 1))).isCloseTo(0.92 + 16 / 31.0 * 0.10, within(1e-9));
    }

    @Test
    void shouldAverageOneWhenTakenOverAYear() {
        // given
        double sum = 0;
        int days = 0;

        // when
        for (LocalDate day = LocalDate.of(2025, 1, 1); day.getYear() == 2025; day = day.plusDays(1)) {
            sum += WorkingCalendar.seasonalFactor(day);
            days++;
        }

        // then
        assertThat(sum / days).isCloseTo(1.0, within(0.005));
    }

    @Test
    void shouldTreatBankHolidaysAsClosedWhenTheCalendarIsGovUks() {
        assertThat(WorkingCalendar.isWorkingDay(LocalDate.of(2024, 8, 23))).isTrue();   // a Friday
        assertThat(WorkingCalendar.isWorkingDay(LocalDate.of(2024, 8, 24))).isFalse();  // Saturday
        assertThat(WorkingCalendar.isSaturday(LocalDate.of(2024, 8, 24))).isTrue();
        assertThat(WorkingCalendar.isWorkingDay(LocalDate.of(2024, 8, 26))).isFalse();  // summer bank holiday, a Monday
        assertThat(WorkingCalendar.isSaturday(LocalDate.of(2024, 8, 26))).isFalse();    // its day type is Sunday
        assertThat(WorkingCalendar.isWorkingDay(LocalDate.of(2027, 3, 26))).isFalse();  // Good Friday 2027
    }

    @Test
    void shouldMakeMondaysBusierThanFridaysWhenTheWeekdaysAverageOne() {
        // Monday 5 to Friday 9 August 2024
        double[] factors = new double[5];
        for (int i = 0; i < 5; i++) {
            factors[i] = WorkingCalendar.weekdayFactor(LocalDate.of(2024, 8, 5).plusDays(i));
        }
        assertThat(factors).containsExactly(1.09, 1.05, 0.98, 0.97, 0.91);
        assertThat((factors[0] + factors[1] + factors[2] + factors[3] + factors[4]) / 5).isCloseTo(1.0, within(1e-12));
        assertThat(WorkingCalendar.weekdayFactor(LocalDate.of(2024, 8, 26))).isEqualTo(1.0); // closed: the scenario's level
    }
}
