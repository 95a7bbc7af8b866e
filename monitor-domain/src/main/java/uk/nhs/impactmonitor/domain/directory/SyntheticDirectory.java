package uk.nhs.impactmonitor.domain.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import uk.nhs.impactmonitor.domain.csv.CsvTable;

/**
 * A deterministic stand-in for NHS England's files, for a local run without them (the repository may
 * not ship them). The 42 ICBs and 7 regions are real (codes, names, parents: public facts); practices
 * are synthetic ({@code Z00001}...), as many per ICB as the real February 2026 count, with list sizes
 * drawn around the ICB's real median and scaled so the ICB's registered patients match the real total.
 */
public final class SyntheticDirectory {

    /** Same seed, same directory: tests and the demo rely on the codes and sizes being stable. */
    public static final long SEED = 20240801L;

    private static final String ICBS = "nhs-icbs.csv";
    private static final String REGIONS = "nhs-regions.csv";
    /** Spread of list sizes around the median (log scale), close to the real national spread. */
    private static final double LOG_SIGMA = 0.5;
    private static final int PRACTICES_PER_PCN = 5;

    private SyntheticDirectory() {
    }

    public static PracticeDirectory build() {
        List<Area> areas = new ArrayList<>();
        for (CsvTable.Row row : table(REGIONS).rows()) {
            areas.add(new Area(row.get("REGION_CODE").orElseThrow(), row.get("REGION_NAME").orElseThrow(), AreaKind.REGION,
                    Area.ENGLAND, row.get("ONS_REGION_CODE").orElseThrow()));
        }
        Random random = new Random(SEED);
        List<Practice> practices = new ArrayList<>();
        int practiceNumber = 0;
        int pcnNumber = 0;
        for (CsvTable.Row row : table(ICBS).rows()) {
            String icb = row.get("ICB_CODE").orElseThrow();
            String region = row.get("REGION_CODE").orElseThrow();
            areas.add(new Area(icb, row.get("ICB_NAME").orElseThrow(), AreaKind.ICB, region, row.get("ONS_ICB_CODE").orElseThrow()));
            int count = Integer.parseInt(row.get("PRACTICES").orElseThrow());
            int subIcbs = Integer.parseInt(row.get("SUB_ICB_LOCATIONS").orElseThrow());
            long total = Long.parseLong(row.get("REGISTERED_PATIENTS").orElseThrow());
            int median = Integer.parseInt(row.get("MEDIAN_LIST_SIZE").orElseThrow());

            double[] raw = new double[count];
            double rawTotal = 0;
            for (int i = 0; i < count; i++) {
                raw[i] = median * Math.exp(LOG_SIGMA * random.nextGaussian());
                rawTotal += raw[i];
            }
            double scale = total / rawTotal;
            for (int i = 0; i < count; i++) {
                practiceNumber++;
                if (i % PRACTICES_PER_PCN == 0) {
                    pcnNumber++;
                }
                String code = String.format("Z%05d", practiceNumber);
                practices.add(new Practice(code, "Synthetic practice " + code, String.format("U9%04d", pcnNumber),
                        icb + "-" + (1 + i % subIcbs), icb, region, (int) Math.max(50, Math.round(raw[i] * scale)), true));
            }
        }
        return new PracticeDirectory(practices, areas, DirectoryLoadReport.clean("synthetic (seed " + SEED + ")"));
    }

    private static CsvTable table(String resource) {
        try (InputStream in = SyntheticDirectory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return CsvTable.read(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
