package uk.nhs.impactmonitor.domain.directory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.domain.csv.CsvTable;

/**
 * Loads the practice directory from NHS England's "Patients Registered at a GP Practice" publication,
 * exactly as published: the mapping file (practice → PCN → sub-ICB → ICB → region) and the totals file
 * (registered patients per practice). Columns are found by name; unknown columns are ignored; older
 * months' CCG/STP column names are accepted. A malformed row is reported with its line and skipped; a
 * practice without a list size (the two files are often of different months) gets its ICB's median.
 */
public final class NhsDirectoryLoader {

    private static final Logger log = LoggerFactory.getLogger(NhsDirectoryLoader.class);

    private NhsDirectoryLoader() {
    }

    public static PracticeDirectory load(Path mappingFile, Path totalsFile) throws IOException {
        try (Reader mapping = Files.newBufferedReader(mappingFile, StandardCharsets.UTF_8);
             Reader totals = Files.newBufferedReader(totalsFile, StandardCharsets.UTF_8)) {
            return load(mapping, mappingFile.getFileName().toString(), totals, totalsFile.getFileName().toString());
        }
    }

    public static PracticeDirectory load(Reader mapping, String mappingName, Reader totals, String totalsName) throws IOException {
        List<DirectoryLoadReport.SkippedRow> skipped = new ArrayList<>();
        Map<String, Integer> listSizes = readListSizes(CsvTable.read(totals), totalsName, skipped);
        CsvTable map = CsvTable.read(mapping);
        requireColumns(map, mappingName, "PRACTICE_CODE");

        record MappedPractice(String code, String name, String pcn, String subIcb, String icb, String region) {
        }
        List<MappedPractice> mapped = new ArrayList<>();
        Map<String, Area> icbs = new LinkedHashMap<>();
        Map<String, Area> regions = new LinkedHashMap<>();
        for (CsvTable.Row row : map.rows()) {
            if (row.isBlank()) {
                continue;
            }
            if (row.fields().size() < map.header().size()) {
                skipped.add(new DirectoryLoadReport.SkippedRow(mappingName, row.line(),
                        "expected " + map.header().size() + " fields but found " + row.fields().size()));
                continue;
            }
            String code = row.get("PRACTICE_CODE").orElse("");
            String icb = first(row, "ICB_CODE", "STP_CODE").orElse("");
            String region = first(row, "COMM_REGION_CODE", "NHSE_REGION_CODE", "REGION_CODE").orElse("");
            if (code.isEmpty() || icb.isEmpty() || region.isEmpty()) {
                skipped.add(new DirectoryLoadReport.SkippedRow(mappingName, row.line(),
                        "practice code, ICB code and region code are required"));
                continue;
            }
            mapped.add(new MappedPractice(code, row.get("PRACTICE_NAME").orElse(code), row.get("PCN_CODE").orElse(""),
                    first(row, "SUB_ICB_LOCATION_CODE", "CCG_CODE").orElse(""), icb, region));
            icbs.computeIfAbsent(icb, c -> new Area(c, first(row, "ICB_NAME", "STP_NAME").orElse(c), AreaKind.ICB, region,
                    first(row, "ONS_ICB_CODE", "ONS_STP_CODE").orElse(null)));
            regions.computeIfAbsent(region, c -> new Area(c, first(row, "COMM_REGION_NAME", "NHSE_REGION_NAME").orElse(c),
                    AreaKind.REGION, Area.ENGLAND, first(row, "ONS_COMM_REGION_CODE", "ONS_NHSE_REGION_CODE").orElse(null)));
        }

        Map<String, List<Integer>> knownSizesByIcb = new HashMap<>();
        for (MappedPractice p : mapped) {
            Integer size = listSizes.get(p.code());
            if (size != null) {
                knownSizesByIcb.computeIfAbsent(p.icb(), k -> new ArrayList<>()).add(size);
            }
        }
        List<Practice> practices = new ArrayList<>();
        List<String> givenMedian = new ArrayList<>();
        for (MappedPractice p : mapped) {
            Integer size = listSizes.get(p.code());
            if (size == null) {
                size = median(knownSizesByIcb.getOrDefault(p.icb(), List.of()));
                givenMedian.add(p.code());
            }
            practices.add(new Practice(p.code(), p.name(), p.pcn(), p.subIcb(), p.icb(), p.region(), size, true));
        }

        DirectoryLoadReport report = new DirectoryLoadReport(mappingName + " + " + totalsName, List.copyOf(skipped), List.copyOf(givenMedian));
        skipped.forEach(row -> log.warn("Directory row skipped: {}", row));
        if (!givenMedian.isEmpty()) {
            log.warn("{} practices have no list size in {} and were given their ICB's median: {}",
                    givenMedian.size(), totalsName, givenMedian);
        }
        List<Area> areas = new ArrayList<>(regions.values());
        areas.addAll(icbs.values());
        return new PracticeDirectory(practices, areas, report);
    }

    private static Map<String, Integer> readListSizes(CsvTable totals, String name, List<DirectoryLoadReport.SkippedRow> skipped) throws IOException {
        requireColumns(totals, name, "CODE", "NUMBER_OF_PATIENTS");
        Map<String, Integer> sizes = new HashMap<>();
        for (CsvTable.Row row : totals.rows()) {
            if (row.isBlank()) {
                continue;
            }
            // The totals file may also hold breakdowns; only the all-sexes, all-ages rows are list sizes.
            if (!row.get("SEX").orElse("ALL").equalsIgnoreCase("ALL") || !row.get("AGE").orElse("ALL").equalsIgnoreCase("ALL")) {
                continue;
            }
            String code = row.get("CODE").orElse("");
            String count = row.get("NUMBER_OF_PATIENTS").orElse("");
            try {
                int size = Integer.parseInt(count);
                if (code.isEmpty() || size < 0) {
                    throw new NumberFormatException();
                }
                sizes.put(code, size);
            } catch (NumberFormatException e) {
                skipped.add(new DirectoryLoadReport.SkippedRow(name, row.line(),
                        "CODE and a non-negative whole NUMBER_OF_PATIENTS are required, found '" + code + "', '" + count + "'"));
            }
        }
        return sizes;
    }

    private static void requireColumns(CsvTable table, String name, String... columns) throws IOException {
        for (String column : columns) {
            if (!table.hasColumn(column)) {
                throw new IOException(name + " has no column " + column + " (header: " + table.header() + ")");
            }
        }
    }

    private static Optional<String> first(CsvTable.Row row, String... columns) {
        for (String column : columns) {
            Optional<String> value = row.get(column).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    static int median(List<Integer> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (int) Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }
}
