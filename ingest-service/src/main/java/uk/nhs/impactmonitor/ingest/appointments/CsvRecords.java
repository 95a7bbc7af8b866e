package uk.nhs.impactmonitor.ingest.appointments;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records read one at a time (quoted fields with commas, doubled quotes and line breaks; LF, CRLF
 * or CR), each with the line it starts on. monitor-domain's {@code CsvTable} reads the same syntax but holds
 * the whole file as rows of strings: about 100 bytes of objects per row, so a hostile 16 MiB body of empty
 * lines would become over a gigabyte. Here only one record is held at a time, and at most
 * {@code maxCells} cells of it (the rest are counted, not kept), so memory follows what the caller keeps.
 */
final class CsvRecords {

    /** One record: the line it starts on (the first line is 1), its cells (at most the cap) and how many it had. */
    record Record(int line, List<String> cells, int cellCount) {

        boolean isBlank() {
            return cellCount <= 1 && cells.stream().allMatch(String::isBlank);
        }
    }

    private final String text;
    private final int maxCells;
    private int position;
    private int line = 1;

    /** Over the decoded text rather than a {@code Reader}: a national file is millions of characters, and {@code Reader.read()} locks for each. */
    CsvRecords(String text, int maxCells) {
        this.text = text;
        this.maxCells = maxCells;
    }

    private int read() {
        return position < text.length() ? text.charAt(position++) : -1;
    }

    /** The next record, or null at the end of the input. */
    Record next() {
        int c = read();
        if (c == -1) {
            return null;
        }
        int start = line;
        List<String> cells = new ArrayList<>();
        int count = 0;
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean started = false;
        while (true) {
            if (c == -1) {
                count = keep(cells, cell, count);
                return new Record(start, cells, count);
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    if (position < text.length() && text.charAt(position) == '"') {
                        position++;
                        append(cell, count, ch);
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    append(cell, count, ch);
                }
            } else if (ch == '"' && !started) {
                quoted = true;
                started = true;
            } else if (ch == ',') {
                count = keep(cells, cell, count);
                started = false;
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && position < text.length() && text.charAt(position) == '\n') {
                    position++;
                }
                line++;
                count = keep(cells, cell, count);
                return new Record(start, cells, count);
            } else {
                append(cell, count, ch);
                started = true;
            }
            c = read();
        }
    }

    /** Characters of a cell past the cap are dropped with it. */
    private void append(StringBuilder cell, int count, char ch) {
        if (count < maxCells) {
            cell.append(ch);
        }
    }

    private int keep(List<String> cells, StringBuilder cell, int count) {
        if (count < maxCells) {
            cells.add(cell.toString());
        }
        cell.setLength(0);
        return count + 1;
    }
}
