package uk.nhs.impactmonitor.ingest.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.nhs.impactmonitor.domain.SharedData;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.ingest.TopicReader;

/**
 * NHS England's published appointments for June to October 2024 ({@code ../shared/data/gpad-daily-sds-role-2024-06-to-2024-10.csv},
 * 69,012 rows), posted once, as is, through the real HTTP endpoint to a real KRaft broker, with the real practice
 * directory (NHS England's map and totals files). The numbers asserted are the data README's facts, and per-ICB
 * sums worked out here from the CSV's own ICB column. Skipped, saying so, when the shared files are absent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-service",
        "spring.profiles.active=dev",
        "monitor.security.dev-credentials=true",
        "monitor.ingest.publish-directory=false",
        "logging.level.org.apache.kafka=WARN"})
@EmbeddedKafka(partitions = 2, topics = {"practice-notices", "practice-activity", "practice-directory", "area-appointments"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(AppointmentsSharedFileIntegrationTest.AfterThePublication.class)
@EnabledIf(value = "sharedFilesPresent", disabledReason = "NHS England's files are not in ../shared/data (see the README, \"The contracts\")")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppointmentsSharedFileIntegrationTest {

    static final String APPOINTMENTS_FILE = "gpad-daily-sds-role-2024-06-to-2024-10.csv";
    /**
     * The appointments file names two ICBs by earlier ONS codes than the practice map does: Sussex (sub-ICBs 09D,
     * 70F, 97R) as E54000053, now E54000064, and Surrey Heartlands (92A) as E54000052, now E54000063.
     */
    static final Map<String, String> CURRENT_ONS = Map.of("E54000053", "E54000064", "E54000052", "E54000063");

    /** "Today" is 15 November 2024, after the last day of the file (31 October), so no day of it is in the future. */
    @TestConfiguration(proxyBeanMethods = false)
    static class AfterThePublication {
        @Bean
        @Primary
        Clock novemberClock() {
            return Clock.fixed(Instant.parse("2024-11-15T12:00:00Z"), IngestServiceApplication.LONDON);
        }
    }

    static boolean sharedFilesPresent() {
        return SharedData.dataFile(APPOINTMENTS_FILE).isPresent() && SharedData.dataFile(SharedData.PRACTICES_FILE).isPresent()
                && SharedData.dataFile(SharedData.LIST_SIZES_FILE).isPresent();
    }

    @DynamicPropertySource
    static void realDirectory(DynamicPropertyRegistry registry) {
        registry.add("monitor.directory.practices", () -> SharedData.dataFile(SharedData.PRACTICES_FILE).orElseThrow().toString());
        registry.add("monitor.directory.list-sizes", () -> SharedData.dataFile(SharedData.LIST_SIZES_FILE).orElseThrow().toString());
    }

    /** One row of the CSV, read here with a plain split (the shared file has no quoted cells). */
    record CsvRow(String subIcb, String icbOns, String date, String role, long count) {
    }

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    PracticeDirectory directory;

    List<CsvRow> csvRows;
    IngestHttp.Response answer;
    long writtenRecords;
    /** The records on the topic, the latest per key (what the compacted topic keeps). */
    Map<String, SubIcbAppointments> records;

    @BeforeAll
    void postTheSharedFileOnce() throws IOException {
        Path file = SharedData.dataFile(APPOINTMENTS_FILE).orElseThrow();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        csvRows = lines.stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1))
                .map(c -> new CsvRow(c[0], c[3], c[5], c[6], Long.parseLong(c[7]))).toList();
        TopicReader topics = new TopicReader(broker.getBrokersAsString());
        long before = topics.endOffset(Topics.AREA_APPOINTMENTS.name());

        long start = System.nanoTime();
        answer = new IngestHttp(port).send("POST", "/api/v1/appointments", IngestHttp.ADMIN, "text/csv", Files.readString(file));
        System.out.printf("the shared appointments file (%d bytes, %d rows) answered %d in %d ms%n",
                Files.size(file), csvRows.size(), answer.status(), (System.nanoTime() - start) / 1_000_000);

        writtenRecords = topics.endOffset(Topics.AREA_APPOINTMENTS.name()) - before;
        records = topics.readAll(Topics.AREA_APPOINTMENTS).stream()
                .collect(Collectors.toMap(TopicReader.Read::key, TopicReader.Read::value, (earlier, later) -> later));
    }

    @Test
    void shouldAcceptEveryRowAndWriteEverySubIcbDayWhenTheSharedFileIsPostedAsPublished() {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(csvRows).hasSize(69_012);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(69_012);
        assertThat(answer.json().path("subIcbDays").asInt()).isEqualTo(15_025);
        assertThat(answer.json().path("rejected")).isEmpty();
        assertThat(writtenRecords).isEqualTo(15_025);
        assertThat(records).hasSize(15_025);
        assertThat(records.values().stream().map(SubIcbAppointments::subIcb).distinct()).hasSize(106);
    }

    @Test
    void shouldGiveEnglandsPublishedTotalsWhenTheSubIcbDaysOfADayAreSummed() {
        // the data README's facts, summed over all rows of the day
        Map<LocalDate, Long> facts = Map.of(
                LocalDate.of(2024, 8, 1), 1_294_773L,
                LocalDate.of(2024, 8, 3), 42_260L,
                LocalDate.of(2024, 8, 4), 3_704L,
                LocalDate.of(2024, 8, 26), 3_979L,
                LocalDate.of(2024, 8, 27), 1_434_768L);
        facts.forEach((day, total) -> assertThat(records.values().stream().filter(r -> r.day().equals(day))
                .mapToLong(SubIcbAppointments::all).sum()).as("England on " + day).isEqualTo(total));
    }

    @Test
    void shouldGiveEveryIcbTheSumOfItsSubIcbsRowsWhenWorkedOutFromTheCsv() {
        // given: from the CSV alone, per ICB (its ONS code, a column of the file) and day, Σ count and Σ count of GP rows
        Map<String, long[]> fromCsv = new TreeMap<>();
        Map<String, String> monthNumber = Map.of("JUN", "06", "JUL", "07", "AUG", "08", "SEP", "09", "OCT", "10");
        for (CsvRow row : csvRows) {
            String day = row.date().substring(5) + "-" + monthNumber.get(row.date().substring(2, 5).toUpperCase()) + "-" + row.date().substring(0, 2);
            long[] sums = fromCsv.computeIfAbsent(CURRENT_ONS.getOrDefault(row.icbOns(), row.icbOns()) + "/" + day, k -> new long[2]);
            sums[0] += row.count();
            sums[1] += row.role().equals("GP") ? row.count() : 0;
        }
        // the ICB of each sub-ICB as the directory has it (its practices'), by the ICB's ONS code
        Map<String, String> icbOnsBySubIcb = new HashMap<>();
        for (Practice practice : directory.practices()) {
            icbOnsBySubIcb.put(practice.subIcbCode(), directory.area(practice.icbCode()).orElseThrow().onsCode());
        }

        // when: the records written, summed per ICB and day
        Map<String, long[]> fromRecords = new TreeMap<>();
        for (SubIcbAppointments record : records.values()) {
            long[] sums = fromRecords.computeIfAbsent(icbOnsBySubIcb.get(record.subIcb()) + "/" + record.day(), k -> new long[2]);
            sums[0] += record.all();
            sums[1] += record.gp();
        }

        // then
        assertThat(fromRecords.keySet()).isEqualTo(fromCsv.keySet());
        fromCsv.forEach((key, sums) -> assertThat(fromRecords.get(key)).as(key).containsExactly(sums));
        // Greater Manchester (QOP, E54000057) on Tuesday 27 August 2024: its ten sub-ICBs, from the CSV
        Set<String> qopSubIcbs = csvRows.stream().filter(r -> r.icbOns().equals("E54000057")).map(CsvRow::subIcb).collect(Collectors.toSet());
        assertThat(qopSubIcbs).hasSize(10);
        long qop = csvRows.stream().filter(r -> r.icbOns().equals("E54000057") && r.date().equals("27AUG2024")).mapToLong(CsvRow::count).sum();
        assertThat(records.values().stream().filter(r -> qopSubIcbs.contains(r.subIcb()) && r.day().equals(LocalDate.of(2024, 8, 27)))
                .mapToLong(SubIcbAppointments::all).sum()).isEqualTo(qop).isPositive();
    }
}
