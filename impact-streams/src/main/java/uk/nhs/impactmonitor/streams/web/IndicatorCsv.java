package uk.nhs.impactmonitor.streams.web;

import java.util.List;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * A series as CSV (RFC 4180), for planners who open it in a spreadsheet. A text cell that a spreadsheet would
 * read as a formula (starting with {@code = + - @}, or a tab or carriage return) is prefixed with a quote; a
 * number is written as a number, since a spreadsheet never runs one (so a fall of 5% stays {@code -0.05}).
 */
public final class IndicatorCsv {

    public static final String HEADER = "indicator,action,metric,area,day,value,low,high,provisional,practices,practiceDays,updatedAt";

    private IndicatorCsv() {
    }

    public static String write(List<IndicatorValue> values) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (IndicatorValue value : values) {
            csv.append(text(value.indicator().id())).append(',')
                    .append(text(value.action() == null ? "" : value.action().name())).append(',')
                    .append(text(value.metric() == null ? "" : value.metric().id())).append(',')
                    .append(text(value.area())).append(',')
                    .append(text(String.valueOf(value.day()))).append(',')
                    .append(value.value() == null ? "" : String.valueOf(value.value())).append(',')
                    .append(value.low() == null ? "" : String.valueOf(value.low())).append(',')
                    .append(value.high() == null ? "" : String.valueOf(value.high())).append(',')
                    .append(value.provisional()).append(',')
                    .append(value.practices()).append(',')
                    .append(value.practiceDays()).append(',')
                    .append(text(value.updatedAt() == null ? "" : value.updatedAt().toString()))
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** A text cell, defused against formula injection and quoted when it needs to be. */
    static String text(String cell) {
        String safe = cell;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            safe = "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
