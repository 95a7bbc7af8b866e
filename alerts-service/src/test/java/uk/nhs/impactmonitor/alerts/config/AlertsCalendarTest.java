package uk.nhs.impactmonitor.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.domain.calendar.CalendarFormatException;

/** monitor.calendar.bank-holidays: the built-in list by default, a GOV.UK file when given, and a bad file stops the start. */
class AlertsCalendarTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseBuiltInBankHolidaysWhenNoFileIsGiven() {
        // when
        var calendar = new AlertsConfiguration().alertsCalendar(new CalendarProperties(null));

        // then: Monday 26 August 2024 is the summer bank holiday; Tuesday 27 a working day
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 8, 26))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 8, 27))).isTrue();
    }

    @Test
    void shouldReadGovUkFileAndRefuseMalformedOneNamingItsLineWhenFileIsGiven() throws Exception {
        // given: one extra holiday on Tuesday 27 August 2024; and a file broken on its line 4
        Path good = Files.writeString(dir.resolve("good.json"),
                "{\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": [{\"title\": \"x\", \"date\": \"2024-08-27\"}]}}");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\n \"england-and-wales\": {\n  \"events\": [\n   {\"date\" \"2024-08-26\"}\n");

        // when
        var calendar = new AlertsConfiguration().alertsCalendar(new CalendarProperties(good.toString()));

        // then
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 8, 27))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 8, 26))).as("only the file's holidays").isTrue();
        assertThatThrownBy(() -> new AlertsConfiguration().alertsCalendar(new CalendarProperties(bad.toString())))
                .isInstanceOf(CalendarFormatException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("line 4");
    }
}
