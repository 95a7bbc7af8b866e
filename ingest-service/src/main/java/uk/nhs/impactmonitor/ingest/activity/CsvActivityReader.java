package uk.nhs.impactmonitor.ingest.activity;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.csv.CsvTable;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;

/**
 * Turns an uploaded CSV (header row with the JSON field names, any order, case-insensitive) into the same
 * JSON objects the JSON batch carries, so one validator judges both; each row keeps its line in the file.
 * A number in a cell becomes a JSON number; anything else stays text and is refused as a count.
 */
final class CsvActivityReader {

    static final List<String> COLUMNS = columns();
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d*\\.\\d+");

    record CsvRow(int line, ObjectNode fields, List<FieldError> shapeErrors) {
    }

    private CsvActivityReader() {
    }

    static List<CsvRow> read(String csv) {
        CsvTable table;
        try {
            table = CsvTable.read(new StringReader(csv));
        } catch (IOException e) {
            throw new InvalidRequestException("body", "not a readable CSV file: " + e.getMessage());
        }
        List<FieldError> missing = new ArrayList<>();
        for (String column : COLUMNS) {
            if (!table.hasColumn(column)) {
                missing.add(new FieldError(column, "column missing from the CSV header (line 1 must name the columns: "
                        + String.join(",", COLUMNS) + ")"));
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException(missing);
        }
        List<CsvRow> rows = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (row.isBlank()) {
                continue;
            }
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            row.get("practiceCode").filter(v -> !v.isEmpty()).ifPresent(v -> fields.put("practiceCode", v));
            row.get("day").filter(v -> !v.isEmpty()).ifPresent(v -> fields.put("day", v));
            for (Metric metric : Metric.REPORT_METRICS) {
                row.get(metric.field()).filter(v -> !v.isEmpty()).ifPresent(v -> {
                    if (INTEGER.matcher(v).matches()) {
                        fields.put(metric.field(), new BigInteger(v.startsWith("+") ? v.substring(1) : v));
                    } else if (DECIMAL.matcher(v).matches()) {
                        fields.put(metric.field(), new BigDecimal(v));
                    } else {
                        fields.put(metric.field(), v);
                    }
                });
            }
            // a row with more or fewer cells than the header is a broken row (RFC 4180), whatever its cells say:
            // its cells may have slid into the wrong columns, so it is refused rather than guessed at
            List<FieldError> shape = row.fields().size() == table.header().size() ? List.of()
                    : List.of(new FieldError("row", "has " + row.fields().size() + " cells but the header has " + table.header().size()
                            + " columns (an unquoted comma, or a quote left open?)"));
            rows.add(new CsvRow(row.line(), fields, shape));
        }
        return rows;
    }

    private static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("practiceCode", "day"));
        for (Metric metric : Metric.REPORT_METRICS) {
            columns.add(metric.field());
        }
        return List.copyOf(columns);
    }
}
