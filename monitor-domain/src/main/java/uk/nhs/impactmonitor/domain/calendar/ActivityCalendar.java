package uk.nhs.impactmonitor.domain.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * The calendar of {@code indicators.md} ("The calendar"): England and Wales bank holidays, the day type τ(e) of a
 * day (its weekday; a bank holiday is a Sunday, since practices are closed) and working days (Monday to Friday and
 * not a bank holiday). Bank holidays are read from a file in the format GOV.UK publishes ({@code bank-holidays.json},
 * division {@code england-and-wales}); {@link #builtIn()} is the 2023–2027 list, the default.
 */
public final class ActivityCalendar {

    /** GOV.UK's division for England (and Wales), the only one the monitor reads. */
    public static final String DIVISION = "england-and-wales";

    private static final String BUILT_IN = "/calendar/bank-holidays-england-and-wales.json";

    private final NavigableSet<LocalDate> bankHolidays;

    public ActivityCalendar(java.util.Collection<LocalDate> bankHolidays) {
        this.bankHolidays = Collections.unmodifiableNavigableSet(new TreeSet<>(bankHolidays));
    }

    /** The built-in England and Wales bank holidays of 2023 to 2027. */
    public static ActivityCalendar builtIn() {
        try (InputStream in = ActivityCalendar.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in bank holidays missing from the classpath: " + BUILT_IN);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in bank holidays");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in bank holidays", e);
        }
    }

    /** Reads a GOV.UK {@code bank-holidays.json} file; a malformed one fails naming the file and the line. */
    public static ActivityCalendar read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CalendarFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses the GOV.UK format: {@code {"england-and-wales": {"division": ..., "events": [{"title", "date", ...}]}}}.
     * Other divisions and unknown fields are ignored; every event of England and Wales must have an ISO {@code date}.
     *
     * @param source what to call the text in an error (a file name)
     */
    public static ActivityCalendar parse(String json, String source) {
        List<LocalDate> days = new ArrayList<>();
        boolean sawDivision = false;
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, "a JSON object", source);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (DIVISION.equals(name)) {
                    expect(parser, value, JsonToken.START_OBJECT, "an object for \"" + DIVISION + "\"", source);
                    readDivision(parser, days, source);
                    sawDivision = true;
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new CalendarFormatException(source + ": line " + line(e) + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!sawDivision) {
            throw new CalendarFormatException(source + ": no \"" + DIVISION + "\" division (GOV.UK bank-holidays.json format)", null);
        }
        return new ActivityCalendar(days);
    }

    private static void readDivision(JsonParser parser, List<LocalDate> days, String source) {
        boolean sawEvents = false;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("events".equals(name)) {
                expect(parser, value, JsonToken.START_ARRAY, "an array of events", source);
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    days.add(readEvent(parser, source));
                }
                expect(parser, parser.currentToken(), JsonToken.END_ARRAY, "an event object", source);
                sawEvents = true;
            } else {
                parser.skipChildren();
            }
        }
        if (!sawEvents) {
            throw new CalendarFormatException(source + ": line " + parser.currentTokenLocation().getLineNr()
                    + ": division \"" + DIVISION + "\" has no \"events\"", null);
        }
    }

    private static LocalDate readEvent(JsonParser parser, String source) {
        int eventLine = parser.currentTokenLocation().getLineNr();
        LocalDate date = null;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("date".equals(name)) {
                int line = parser.currentTokenLocation().getLineNr();
                if (value != JsonToken.VALUE_STRING) {
                    throw new CalendarFormatException(source + ": line " + line + ": \"date\" must be an ISO date string", null);
                }
                try {
                    date = LocalDate.parse(parser.getString());
                } catch (DateTimeParseException e) {
                    throw new CalendarFormatException(source + ": line " + line + ": \"date\" is not an ISO date (yyyy-MM-dd): "
                            + parser.getString(), e);
                }
            } else {
                parser.skipChildren();
            }
        }
        if (date == null) {
            throw new CalendarFormatException(source + ": line " + eventLine + ": event without a \"date\"", null);
        }
        return date;
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, String what, String source) {
        if (actual != expected) {
            int line = parser.currentTokenLocation() == null ? 1 : parser.currentTokenLocation().getLineNr();
            throw new CalendarFormatException(source + ": line " + line + ": expected " + what, null);
        }
    }

    private static int line(JacksonException e) {
        return e.getLocation() == null ? 1 : e.getLocation().getLineNr();
    }

    /** The bank holidays, in order. */
    public NavigableSet<LocalDate> bankHolidays() {
        return bankHolidays;
    }

    /** The bank holidays from {@code from} to {@code to}, both included. */
    public NavigableSet<LocalDate> bankHolidays(LocalDate from, LocalDate to) {
        return bankHolidays.subSet(from, true, to, true);
    }

    public boolean isBankHoliday(LocalDate day) {
        return bankHolidays.contains(day);
    }

    /** τ(e): the weekday of the day, except that a bank holiday has the type Sunday (practices are closed). */
    public DayOfWeek dayType(LocalDate day) {
        return isBankHoliday(day) ? DayOfWeek.SUNDAY : day.getDayOfWeek();
    }

    /** Monday to Friday and not a bank holiday. */
    public boolean isWorkingDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !isBankHoliday(day);
    }

    /** A day practices are closed: a weekend or a bank holiday. */
    public boolean isClosedDay(LocalDate day) {
        return !isWorkingDay(day);
    }
}
