package uk.nhs.impactmonitor.domain.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small RFC 4180 reader: quoted fields (with commas, doubled quotes and line breaks), CRLF or LF line
 * endings, a header row whose columns are found by name (case-insensitive), unknown columns ignored.
 * Used for NHS England's published files and for activity uploads, which are both plain CSV.
 */
public final class CsvTable {

    /** One data row, with the 1-based line number where it starts in the file (the header is line 1). */
    public record Row(int line, List<String> fields, CsvTable table) {

        /** The trimmed value of a named column, or empty when the column is absent or the row is short. */
        public Optional<String> get(String column) {
            Integer index = table.columns.get(column.toUpperCase(Locale.ROOT));
            if (index == null || index >= fields.size()) {
                return Optional.empty();
            }
            return Optional.of(fields.get(index).trim());
        }

        public boolean isBlank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<Row> rows = new ArrayList<>();

    private CsvTable(List<String> header) {
        this.header = List.copyOf(header);
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).trim().replace("\uFEFF", "").toUpperCase(Locale.ROOT), i);
        }
    }

    public static CsvTable read(Reader reader) throws IOException {
        Parser parser = new Parser(reader);
        List<String> header = parser.next();
        if (header == null) {
            throw new IOException("the file is empty: a header row is required");
        }
        CsvTable table = new CsvTable(header);
        List<String> fields;
        while (true) {
            int line = parser.line;
            fields = parser.next();
            if (fields == null) {
                break;
            }
            table.rows.add(new Row(line, fields, table));
        }
        return table;
    }

    public List<String> header() {
        return header;
    }

    public boolean hasColumn(String column) {
        return columns.containsKey(column.toUpperCase(Locale.ROOT));
    }

    public List<Row> rows() {
        return rows;
    }

    /** Splits the input into records; tracks the line each record starts on. */
    private static final class Parser {
        private final Reader reader;
        private int line = 1;
        private int pushedBack = -2;

        Parser(Reader reader) {
            this.reader = reader;
        }

        private int read() throws IOException {
            if (pushedBack != -2) {
                int c = pushedBack;
                pushedBack = -2;
                return c;
            }
            return reader.read();
        }

        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStarted = false;
            while (true) {
                if (c == -1) {
                    fields.add(field.toString());
                    return fields;
                }
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = n;
                            continue;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        field.append(ch);
                    }
                } else if (ch == '"' && !fieldStarted) {
                    quoted = true;
                    fieldStarted = true;
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                } else if (ch == '\r' || ch == '\n') {
                    if (ch == '\r') {
                        int n = read();
                        if (n != '\n') {
                            pushedBack = n;
                        }
                    }
                    line++;
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append(ch);
                    fieldStarted = true;
                }
                c = read();
            }
        }
    }
}
