package uk.nhs.impactmonitor.streams.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;

/**
 * {@code GET /api/v1/calendar?from=&to=}: the bank holidays the indicators are computed with (day types, working
 * days), for the planners' page to mark on its charts. Answered by any instance: every instance loads the same calendar.
 */
@RestController
@RequestMapping("/api/v1")
class CalendarController {

    /** More than three years is more than a chart shows. */
    static final int MAX_DAYS = 3 * 366;

    private final ActivityCalendar calendar;

    CalendarController(ActivityCalendar calendar) {
        this.calendar = calendar;
    }

    @GetMapping(value = "/calendar", produces = MediaType.APPLICATION_JSON_VALUE)
    CalendarView calendar(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        CurrentCaller.get();
        List<FieldError> errors = new ArrayList<>();
        LocalDate first = day("from", from, errors);
        LocalDate last = day("to", to, errors);
        AreaQueries.checkRange(first, last, MAX_DAYS, "three years (" + MAX_DAYS + " days)", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new CalendarView(first, last, List.copyOf(calendar.bankHolidays(first, last)));
    }

    private static LocalDate day(String field, String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(field, "required: an ISO date (yyyy-MM-dd)"));
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "'" + text + "' is not an ISO date (yyyy-MM-dd)"));
            return null;
        }
    }

    /** The answer: England and Wales bank holidays from {@code from} to {@code to}, both included. */
    record CalendarView(LocalDate from, LocalDate to, List<LocalDate> bankHolidays) {
    }
}
