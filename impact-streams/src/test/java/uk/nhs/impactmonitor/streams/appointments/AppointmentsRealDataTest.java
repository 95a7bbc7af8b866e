package uk.nhs.impactmonitor.streams.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.SharedData;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.NhsDirectoryLoader;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * NHS England's published appointments of June–October 2024 (../shared/data, README "gpad-daily-sds-role") with the
 * real practice directory, through the real topology, baseline 1–28 July 2024. Rows are summed per sub-ICB-day here,
 * independently of ingest-service, and the change is recomputed here from indicators.md by brute force.
 */
class AppointmentsRealDataTest {

    static final String APPOINTMENTS_FILE = "gpad-daily-sds-role-2024-06-to-2024-10.csv";
    static final LocalDate BASELINE_FROM = LocalDate.of(2024, 7, 1);
    static final LocalDate BASELINE_TO = LocalDate.of(2024, 7, 28);
    /** England and Wales bank holidays of 2024 (GOV.UK). */
    static final Set<LocalDate> BANK_HOLIDAYS = Set.of(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 29), LocalDate.of(2024, 4, 1),
            LocalDate.of(2024, 5, 6), LocalDate.of(2024, 5, 27), LocalDate.of(2024, 8, 26), LocalDate.of(2024, 12, 25),
            LocalDate.of(2024, 12, 26));

    static PracticeDirectory directory;
    static AppointmentsFixture fixture;
    /** sub-ICB → day → {all, gp}, summed here from the file's rows. */
    static final Map<String, TreeMap<LocalDate, long[]>> counts = new TreeMap<>();

    @BeforeAll
    static void load() throws Exception {
        Optional<Path> practices = SharedData.dataFile(SharedData.PRACTICES_FILE);
        Optional<Path> sizes = SharedData.dataFile(SharedData.LIST_SIZES_FILE);
        Optional<Path> appointments = SharedData.dataFile(APPOINTMENTS_FILE);
        if (practices.isEmpty() || sizes.isEmpty() || appointments.isEmpty()) {
            System.out.println("SKIPPED: NHS England's files are not in ../shared/data beside " + SharedData.repositoryRoot());
            return;
        }
        directory = NhsDirectoryLoader.load(practices.get(), sizes.get());
        DateTimeFormatter published = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("ddMMMyyyy").toFormatter(Locale.ENGLISH);
        try (BufferedReader in = Files.newBufferedReader(appointments.get(), StandardCharsets.UTF_8)) {
            List<String> header = Arrays.stream(in.readLine().replace("\uFEFF", "").split(",")).map(h -> h.trim().toUpperCase(Locale.ROOT)).toList();
            int sub = header.indexOf("SUB_ICB_LOCATION_CODE");
            int date = header.indexOf("APPOINTMENT_DATE");
            int role = header.indexOf("SDS_ROLE_GROUP");
            int count = header.indexOf("COUNT_OF_APPOINTMENTS");
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.strip().split(",");
                long[] sums = counts.computeIfAbsent(cells[sub], k -> new TreeMap<>())
                        .computeIfAbsent(LocalDate.parse(cells[date], published), k -> new long[2]);
                long n = Long.parseLong(cells[count].trim());
                sums[0] += n;
                if (cells[role].trim().equals("GP")) {
                    sums[1] += n;
                }
            }
        }
        fixture = new AppointmentsFixture(directory, BASELINE_FROM, BASELINE_TO);
        counts.forEach((subIcb, days) -> days.forEach((day, sums) -> fixture.send(subIcb, day, sums[0], sums[1])));
        fixture.emit();
    }

    @AfterAll
    static void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldGiveThePublishedEnglandTotalsWhenTheWholeFileIsLoaded() {
        assumeTrue(fixture != null, "NHS England's files are not in ../shared/data");
        // when
        Map<LocalDate, Long> totals = new HashMap<>();
        fixture.series("ENG", LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 31)).forEach(t -> totals.put(t.day(), t.all()));

        // then: the facts of ../shared/data/README.md
        assertThat(totals.get(LocalDate.of(2024, 8, 1))).isEqualTo(1_294_773L);
        assertThat(totals.get(LocalDate.of(2024, 8, 3))).isEqualTo(42_260L);
        assertThat(totals.get(LocalDate.of(2024, 8, 4))).isEqualTo(3_704L);
        assertThat(totals.get(LocalDate.of(2024, 8, 26))).isEqualTo(3_979L);
        assertThat(totals.get(LocalDate.of(2024, 8, 27))).isEqualTo(1_434_768L);
        assertThat(fixture.horizon()).isEqualTo(LocalDate.of(2024, 10, 31));
        // default range: the 90 days up to H_a, all 106 sub-ICBs on a weekday
        List<AreaAppointments> last90 = fixture.series("ENG", null, null);
        assertThat(last90.get(last90.size() - 1).day()).isEqualTo(LocalDate.of(2024, 10, 31));
        assertThat(last90.get(0).day()).isAfterOrEqualTo(LocalDate.of(2024, 10, 31).minusDays(89));
        assertThat(last90.get(last90.size() - 1).subIcbs()).isEqualTo(106);
    }

    @Test
    void shouldNotReadTheBankHolidayAsAFallWhenTheWeekAfterItIsCompared() {
        assumeTrue(fixture != null, "NHS England's files are not in ../shared/data");
        for (LocalDate d = LocalDate.of(2024, 8, 27); !d.isAfter(LocalDate.of(2024, 9, 2)); d = d.plusDays(1)) {
            // when
            IndicatorValue value = fixture.stored("ENG", d, Indicator.APPOINTMENTS_CHANGE, Metric.ALL);
            double[] expected = reference(d, 0);

            // then
            assertThat(value.value()).as("change on %s", d).isBetween(-0.05, 0.05);
            assertThat(value.value()).as("change on %s", d).isCloseTo(expected[0], within(1e-9));
            assertThat(value.low()).as("low on %s", d).isCloseTo(expected[1], within(1e-9));
            assertThat(value.high()).as("high on %s", d).isCloseTo(expected[2], within(1e-9));
            assertThat(value.provisional()).isFalse();
            assertThat(value.practices()).isEqualTo(directory.practicesIn("ENG").size());
        }
    }

    /** Prints what the monitor gives for August–October 2024 (the note of issue 15); asserts only that it exists. */
    @Test
    void shouldGiveEveryAreaItsValuesWhenThePictureOfAutumn2024IsPrinted() {
        assumeTrue(fixture != null, "NHS England's files are not in ../shared/data");
        for (String area : List.of("ENG", "Y56", "Y60", "Y63")) {
            for (LocalDate day : List.of(LocalDate.of(2024, 7, 31), LocalDate.of(2024, 8, 15), LocalDate.of(2024, 9, 2),
                    LocalDate.of(2024, 9, 15), LocalDate.of(2024, 10, 15), LocalDate.of(2024, 10, 31))) {
                StringBuilder line = new StringBuilder("APPOINTMENTS ").append(area).append(' ').append(day);
                for (Metric metric : Metric.APPOINTMENT_METRICS) {
                    IndicatorValue change = fixture.stored(area, day, Indicator.APPOINTMENTS_CHANGE, metric);
                    IndicatorValue rate = fixture.stored(area, day, Indicator.APPOINTMENTS_RATE, metric);
                    assertThat(change.value()).isNotNull();
                    line.append(String.format(Locale.ROOT, "  %s change %+.4f [%+.4f, %+.4f] rate %.2f", metric.id(), change.value(),
                            change.low(), change.high(), rate.value()));
                }
                System.out.println(line);
            }
        }
    }

    // ---- the reference, from indicators.md ----

    static DayOfWeek type(LocalDate day) {
        return BANK_HOLIDAYS.contains(day) ? DayOfWeek.SUNDAY : day.getDayOfWeek();
    }

    /** {change, low, high} of England on d for metric index m (0 all, 1 gp), over every sub-ICB of the directory. */
    static double[] reference(LocalDate d, int m) {
        Map<String, Long> lists = new TreeMap<>();
        for (Practice practice : directory.practices()) {
            lists.merge(practice.subIcbCode(), (long) practice.listSize(), Long::sum);
        }
        List<String> subIcbs = List.copyOf(lists.keySet());
        int k = subIcbs.size();
        double[] o = new double[k];
        double[][] x = new double[k][7];
        double[][] u = new double[k][7];
        double[][] v = new double[k][7];
        int n = 0;
        for (int i = 0; i < k; i++) {
            TreeMap<LocalDate, long[]> days = counts.getOrDefault(subIcbs.get(i), new TreeMap<>());
            long list = lists.get(subIcbs.get(i));
            boolean seen = false;
            for (LocalDate e = d.minusDays(6); !e.isAfter(d); e = e.plusDays(1)) {
                if (days.containsKey(e)) {
                    o[i] += days.get(e)[m];
                    x[i][type(e).getValue() - 1] += list;
                    seen = true;
                }
            }
            for (LocalDate e = BASELINE_FROM; !e.isAfter(BASELINE_TO); e = e.plusDays(1)) {
                if (days.containsKey(e)) {
                    u[i][type(e).getValue() - 1] += days.get(e)[m];
                    v[i][type(e).getValue() - 1] += list;
                    seen = true;
                }
            }
            n += seen ? 1 : 0;
        }
        double bigO = Arrays.stream(o).sum();
        double[] bigX = new double[7];
        double[] bigU = new double[7];
        double[] bigV = new double[7];
        for (int t = 0; t < 7; t++) {
            for (int i = 0; i < k; i++) {
                bigX[t] += x[i][t];
                bigU[t] += u[i][t];
                bigV[t] += v[i][t];
            }
        }
        double e = 0;
        for (int t = 0; t < 7; t++) {
            if (bigX[t] > 0) {
                e += bigX[t] * bigU[t] / bigV[t];
            }
        }
        double r = bigO / e;
        double squares = 0;
        for (int i = 0; i < k; i++) {
            double derivative = 0;
            for (int t = 0; t < 7; t++) {
                if (bigX[t] > 0) {
                    derivative += bigU[t] * x[i][t] / bigV[t] + bigX[t] * u[i][t] / bigV[t]
                            - bigU[t] * bigX[t] * v[i][t] / (bigV[t] * bigV[t]);
                }
            }
            double z = (o[i] - r * derivative) / e;
            squares += z * z;
        }
        double se = Math.sqrt((double) n / (n - 1) * squares);
        return new double[] {r - 1, r - 1 - 1.959963984540054 * se, r - 1 + 1.959963984540054 * se};
    }
}
