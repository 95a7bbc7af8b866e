package uk.nhs.impactmonitor.ingest.appointments;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.ingest.activity.BatchResult.RejectedRow;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * NHS England's daily GP appointments file, judged line by line and summed per sub-ICB and day
 * (indicators.md, "The GP appointments feed"): {@code all} = Σ COUNT_OF_APPOINTMENTS, {@code gp} = the same
 * over rows whose SDS_ROLE_GROUP is GP. Columns are found by name in any letter case, others ignored.
 *
 * <p>A sub-ICB-day goes in whole or not at all: when any line of it is bad, its good lines are rejected too
 * (each named, with the bad line), since the sum of the rest would understate the day and, on a compacted
 * topic keyed by sub-ICB-day, replace a right value with a wrong one. A bad line whose sub-ICB or date cannot
 * be read names no sub-ICB-day and spoils no other line.
 */
final class AppointmentsFile {

    static final String SUB_ICB = "SUB_ICB_LOCATION_CODE";
    static final String DATE = "Appointment_Date";
    static final String ROLE = "SDS_ROLE_GROUP";
    static final String COUNT = "COUNT_OF_APPOINTMENTS";
    static final List<String> REQUIRED = List.of(SUB_ICB, DATE, ROLE, COUNT);
    static final String GP = "GP";

    /** Far above any sub-ICB's appointments of one day (England's busiest days are ~1.7 million), and no sum can overflow. */
    static final long MAX_COUNT = 10_000_000;
    /** The answer lists this many rejected lines at most (the first by line); {@code rejectedLines} counts them all. */
    static final int MAX_LISTED_REJECTIONS = 10_000;
    /** The published files have 8 columns; a header or row with more than this is not one of them. */
    static final int MAX_CELLS = 200;

    /** {@code 01AUG2024}: two-digit day, English month abbreviation in any case, four-digit year. */
    static final DateTimeFormatter PUBLISHED_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("ddMMMuuuu").toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern WHOLE = Pattern.compile("\\d+");
    private static final Pattern NEGATIVE_WHOLE = Pattern.compile("-\\d+");
    private static final int ECHO = 40;

    /** What the file holds that may go in, and what may not. */
    record Judged(List<SubIcbAppointments> records, int acceptedRows, List<RejectedRow> rejected, int rejectedLines) {
    }

    private record Key(String subIcb, LocalDate day) {
    }

    /** The bad lines of a sub-ICB-day: how many, and the first few to name. */
    private static final class Spoiled {
        static final int NAMED = 5;
        final List<Integer> first = new ArrayList<>(NAMED);
        int count;

        void add(int line) {
            if (count++ < NAMED) {
                first.add(line);
            }
        }
    }

    /** The running sums of one sub-ICB-day and the lines that made them. */
    private static final class Sum {
        long all;
        long gp;
        int[] lines = new int[8];
        int size;

        void add(int line, long count, boolean gpRow) {
            all += count;
            if (gpRow) {
                gp += count;
            }
            if (size == lines.length) {
                lines = Arrays.copyOf(lines, size * 2);
            }
            lines[size++] = line;
        }
    }

    private final SubIcbLocations locations;
    private final MonitorPrincipal caller;
    private final LocalDate today;
    /** A file has a few hundred distinct dates in tens of thousands of rows: each is parsed once. */
    private final Map<String, LocalDate> dates = new HashMap<>();

    AppointmentsFile(SubIcbLocations locations, MonitorPrincipal caller, LocalDate today) {
        this.locations = locations;
        this.caller = caller;
        this.today = today;
    }

    /** Reads the body as UTF-8 (a byte-order mark is dropped); a missing required column refuses the whole file. */
    Judged judge(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        // dropped before parsing, so a quoted first column after the mark is still a quoted cell
        return judge(new CsvRecords(text.startsWith("\uFEFF") ? text.substring(1) : text, MAX_CELLS));
    }

    private Judged judge(CsvRecords csv) {
        CsvRecords.Record header = csv.next();
        if (header == null || header.isBlank()) {
            throw new InvalidRequestException("body", "the file is empty: line 1 must be the header naming the columns "
                    + String.join(",", REQUIRED));
        }
        if (header.cellCount() > MAX_CELLS) {
            throw new InvalidRequestException("body", "the header has " + header.cellCount() + " columns; NHS England's file has 8 and at most "
                    + MAX_CELLS + " are read");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.cells().size(); i++) {
            columns.putIfAbsent(normalise(header.cells().get(i)), i);
        }
        List<FieldError> missing = new ArrayList<>();
        for (String column : REQUIRED) {
            if (!columns.containsKey(normalise(column))) {
                missing.add(new FieldError(column, "column missing from the header (line 1 must name, in any order and letter case, "
                        + String.join(",", REQUIRED) + "; other columns are ignored)"));
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException(missing);
        }
        int width = header.cellCount();
        int subIcbAt = columns.get(normalise(SUB_ICB));
        int dateAt = columns.get(normalise(DATE));
        int roleAt = columns.get(normalise(ROLE));
        int countAt = columns.get(normalise(COUNT));

        Map<Key, Sum> sums = new LinkedHashMap<>();
        Map<Key, Spoiled> spoiled = new HashMap<>();
        List<RejectedRow> rejected = new ArrayList<>();
        int rejectedLines = 0;
        boolean anyRow = false;
        CsvRecords.Record row;
        while ((row = csv.next()) != null) {
            if (row.isBlank()) {
                continue;
            }
            anyRow = true;
            List<FieldError> errors = new ArrayList<>();
            if (row.cellCount() != width) {
                errors.add(new FieldError("row", "has " + row.cellCount() + " cells but the header has " + width
                        + " columns (an unquoted comma, or a quote left open?)"));
            }
            String subIcb = subIcb(cell(row, subIcbAt), errors);
            LocalDate day = day(cell(row, dateAt), errors);
            String role = cell(row, roleAt);
            if (role == null || role.isEmpty()) {
                errors.add(new FieldError(ROLE, "required: the staff role group (GP, Nurses, ...)"));
            }
            Long count = count(cell(row, countAt), errors);
            Key key = subIcb != null && day != null ? new Key(subIcb, day) : null;
            if (errors.isEmpty()) {
                sums.computeIfAbsent(key, k -> new Sum()).add(row.line(), count, GP.equalsIgnoreCase(role));
                continue;
            }
            if (key != null) {
                spoiled.computeIfAbsent(key, k -> new Spoiled()).add(row.line());
            }
            rejectedLines++;
            if (rejected.size() < MAX_LISTED_REJECTIONS) {
                rejected.add(new RejectedRow(row.line(), List.copyOf(errors)));
            }
        }
        if (!anyRow) {
            throw new InvalidRequestException("body", "the file has a header but no rows");
        }

        List<SubIcbAppointments> records = new ArrayList<>(sums.size());
        int accepted = 0;
        for (Map.Entry<Key, Sum> entry : sums.entrySet()) {
            Key key = entry.getKey();
            Sum sum = entry.getValue();
            Spoiled bad = spoiled.get(key);
            if (bad == null) {
                records.add(new SubIcbAppointments(SubIcbAppointments.SCHEMA_VERSION, key.subIcb(), key.day(), sum.all, sum.gp));
                accepted += sum.size;
                continue;
            }
            FieldError notTaken = new FieldError("row", "not taken: " + describe(bad) + " of the same sub-ICB and day (" + key.subIcb() + ", "
                    + key.day() + ") " + (bad.count == 1 ? "is" : "are") + " rejected, and a sum without "
                    + (bad.count == 1 ? "it" : "them") + " would be wrong; send that sub-ICB-day again whole");
            for (int i = 0; i < sum.size; i++) {
                rejected.add(new RejectedRow(sum.lines[i], List.of(notTaken)));
                rejectedLines++;
            }
        }
        rejected.sort(Comparator.comparingInt(RejectedRow::line));
        List<RejectedRow> listed = rejected.size() > MAX_LISTED_REJECTIONS ? List.copyOf(rejected.subList(0, MAX_LISTED_REJECTIONS)) : rejected;
        return new Judged(records, accepted, listed, rejectedLines);
    }

    private String subIcb(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(SUB_ICB, "required: the sub-ICB location's ODS code (e.g. 00L)"));
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        Optional<String> icb = locations.icbOf(code);
        if (icb.isEmpty()) {
            errors.add(new FieldError(SUB_ICB, "unknown sub-ICB location '" + echo(value) + "': no practice of the directory is in it"));
            return null;
        }
        if (caller.role() != Role.ADMIN && !(caller.role() == Role.ICB && icb.get().equals(caller.scope()))) {
            errors.add(new FieldError(SUB_ICB, "forbidden: " + caller.name() + " may not send appointments for sub-ICB location "
                    + code + " (ICB " + icb.get() + ")"));
            return null;
        }
        return code;
    }

    private LocalDate day(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(DATE, "required: the day, as published (e.g. 01AUG2024)"));
            return null;
        }
        LocalDate day = dates.get(value);
        try {
            if (day == null) {
                day = LocalDate.parse(value, PUBLISHED_DATE);
                if (dates.size() < 10_000) {
                    dates.put(value, day);
                }
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(DATE, "not a date as NHS England publishes it (two-digit day, month as three letters, year, "
                    + "e.g. 01AUG2024): '" + echo(value) + "'"));
            return null;
        }
        if (day.isAfter(today)) {
            errors.add(new FieldError(DATE, "must not be in the future: today in England is " + today + " (got " + day + ")"));
            return null;
        }
        return day;
    }

    private static Long count(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(COUNT, "required: a whole number of appointments"));
            return null;
        }
        if (NEGATIVE_WHOLE.matcher(value).matches()) {
            errors.add(new FieldError(COUNT, "must not be negative: " + echo(value)));
            return null;
        }
        if (!WHOLE.matcher(value).matches()) {
            errors.add(new FieldError(COUNT, "must be a whole number of appointments: '" + echo(value) + "'"));
            return null;
        }
        int first = 0;
        while (first < value.length() - 1 && value.charAt(first) == '0') {
            first++;
        }
        long count = value.length() - first > 8 ? Long.MAX_VALUE : Long.parseLong(value, first, value.length(), 10);
        if (count > MAX_COUNT) {
            errors.add(new FieldError(COUNT, "must be at most " + MAX_COUNT + " (more than any sub-ICB's appointments of one day): " + echo(value)));
            return null;
        }
        return count;
    }

    /** The trimmed cell, or null when the row is too short to have it. */
    private static String cell(CsvRecords.Record row, int index) {
        return index < row.cells().size() ? row.cells().get(index).trim() : null;
    }

    private static String normalise(String column) {
        return column.replace("\uFEFF", "").trim().toUpperCase(Locale.ROOT);
    }

    private static String describe(Spoiled bad) {
        List<String> shown = bad.first.stream().map(String::valueOf).toList();
        return (bad.count == 1 ? "line " : "lines ") + String.join(", ", shown)
                + (bad.count > shown.size() ? " and " + (bad.count - shown.size()) + " more" : "");
    }

    /** Cells are echoed shortened: the answer names the fault without repeating a hostile megabyte. */
    private static String echo(String value) {
        return value.length() <= ECHO ? value : value.substring(0, ECHO) + "...";
    }
}
