package uk.nhs.impactmonitor.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.domain.SharedData;

class ActivityCalendarTest {

    private static final LocalDate AUGUST_BANK_HOLIDAY_2024 = LocalDate.parse("2024-08-26");

    @Test
    void shouldGiveABankHolidayTheDayTypeSundayAndNotCountItAsAWorkingDay() {
        // given
        ActivityCalendar calendar = ActivityCalendar.builtIn();

        // then
        assertThat(calendar.dayType(AUGUST_BANK_HOLIDAY_2024)).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(calendar.isWorkingDay(AUGUST_BANK_HOLIDAY_2024)).isFalse();
        assertThat(calendar.dayType(LocalDate.parse("2024-08-27"))).isEqualTo(DayOfWeek.TUESDAY);
        assertThat(calendar.isWorkingDay(LocalDate.parse("2024-08-27"))).isTrue();
        assertThat(calendar.dayType(LocalDate.parse("2024-08-31"))).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(calendar.isWorkingDay(LocalDate.parse("2024-08-31"))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2024-09-01"))).isFalse();
    }

    @Test
    void shouldHoldTheSameBankHolidaysBuiltInAsTheSharedGovUkFile() {
        // given
        Optional<Path> shared = SharedData.dataFile("bank-holidays.json");
        assumeTrue(shared.isPresent(), "../shared/data/bank-holidays.json is absent");

        // when
        ActivityCalendar fromFile = ActivityCalendar.read(shared.get());

        // then
        assertThat(ActivityCalendar.builtIn().bankHolidays()).isEqualTo(fromFile.bankHolidays()).hasSize(41);
        assertThat(fromFile.bankHolidays(LocalDate.parse("2025-04-01"), LocalDate.parse("2025-04-30")))
                .containsExactly(LocalDate.parse("2025-04-18"), LocalDate.parse("2025-04-21"));
    }

    @Test
    void shouldIgnoreOtherDivisionsAndUnknownFields() {
        // given
        String json = """
                {"scotland": {"division": "scotland", "events": [{"date": "2024-08-05"}]},
                 "england-and-wales": {"division": "england-and-wales", "extra": [1, 2],
                   "events": [{"title": "Summer bank holiday", "date": "2024-08-26", "notes": "", "bunting": true, "x": {}}]}}
                """;

        // when
        ActivityCalendar calendar = ActivityCalendar.parse(json, "test");

        // then
        assertThat(calendar.bankHolidays()).containsExactly(AUGUST_BANK_HOLIDAY_2024);
    }

    @Test
    void shouldNameTheLineOfABadDate(@TempDir Path dir) throws Exception {
        // given
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, """
                {
                 "england-and-wales": {
                  "division": "england-and-wales",
                  "events": [
                   {"title": "Good Friday", "date": "2024-03-29"},
                   {"title": "Easter Monday", "date": "2024-13-01"}
                  ]
                 }
                }
                """);

        // then
        assertThatThrownBy(() -> ActivityCalendar.read(file))
                .isInstanceOf(CalendarFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 6")
                .hasMessageContaining("2024-13-01");
    }

    @Test
    void shouldNameTheLineOfBrokenJson() {
        assertThatThrownBy(() -> ActivityCalendar.parse("{\n \"england-and-wales\": {\n  \"events\": [\n   {\"date\" \"2024-08-26\"}\n", "f.json"))
                .isInstanceOf(CalendarFormatException.class)
                .hasMessageContaining("f.json: line 4");
    }

    @Test
    void shouldNameAnEventWithoutADateAndAMissingDivision() {
        assertThatThrownBy(() -> ActivityCalendar.parse("{\"england-and-wales\": {\"events\": [\n{\"title\": \"x\"}]}}", "f.json"))
                .hasMessageContaining("line 2").hasMessageContaining("without a \"date\"");
        assertThatThrownBy(() -> ActivityCalendar.parse("{\"scotland\": {\"events\": []}}", "f.json"))
                .hasMessageContaining("no \"england-and-wales\" division");
    }
}
