package uk.nhs.impactmonitor.ingest.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.directory.DirectoryEntry;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestKafkaTest;
import uk.nhs.impactmonitor.ingest.TopicReader;

/** Daily activity and the practice directory on a real KRaft broker. */
@IngestKafkaTest
class ActivityIntegrationTest {

    static final String HEADER = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n";

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    PracticeDirectory directory;

    IngestHttp http;
    TopicReader topics;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        topics = new TopicReader(broker.getBrokersAsString());
    }

    @Test
    void shouldAcceptANationalDayInOneCsvRequestWhenEveryPracticeReports() {
        // given: one row for each of the 6,202 practices; practice number n reports n % 50 A&G requests
        StringBuilder csv = new StringBuilder(HEADER);
        int n = 0;
        for (Practice practice : directory.practices()) {
            n++;
            csv.append(practice.code()).append(",2024-07-31,10,240,4,7,").append(n % 50).append(",12,55\n");
        }
        long before = topics.endOffset(Topics.PRACTICE_ACTIVITY.name());

        // when
        long start = System.nanoTime();
        IngestHttp.Response response = http.send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "text/csv", csv.toString());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        System.out.println("national day of " + n + " rows (" + csv.length() + " bytes) accepted in " + elapsed.toMillis() + " ms");
        assertThat(n).isEqualTo(6202);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(6202);
        assertThat(response.json().path("rejected")).isEmpty();
        assertThat(topics.endOffset(Topics.PRACTICE_ACTIVITY.name()) - before).isEqualTo(6202);
        Map<String, DailyReport> written = topics.readAll(Topics.PRACTICE_ACTIVITY).stream()
                .filter(r -> r.value().day().toString().equals("2024-07-31"))
                .collect(Collectors.toMap(TopicReader.Read::key, TopicReader.Read::value, (a, b) -> b));
        assertThat(written).hasSize(6202);
        // Z00001 is practice 1 (1 % 50 = 1), Z06202 is practice 6202 (6202 % 50 = 2), Z00050 is practice 50 (0)
        assertThat(written.get("Z00001/2024-07-31").agRequests()).isEqualTo(1);
        assertThat(written.get("Z06202/2024-07-31").agRequests()).isEqualTo(2);
        assertThat(written.get("Z00050/2024-07-31").agRequests()).isZero();
    }

    @Test
    void shouldWriteOnlyTheValidRowsWhenABatchHasBadOnes() {
        // given
        String csv = HEADER
                + "Z00001,2024-07-30,10,240,4,7,3,12,55\n"
                + "Z00001,2024-07-30,10,240,11,7,3,12,55\n"
                + "Z99999,2024-07-30,10,240,4,7,3,12,55\n"
                + "Z00002,2024-07-30,10,240,4,7,3,12,55\n";
        long before = topics.endOffset(Topics.PRACTICE_ACTIVITY.name());

        // when
        IngestHttp.Response response = http.send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "text/csv", csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(2);
        assertThat(response.json().path("rejected").valueStream().map(r -> r.path("line").asInt()).toList()).containsExactly(3, 4);
        assertThat(topics.endOffset(Topics.PRACTICE_ACTIVITY.name()) - before).isEqualTo(2);
        List<String> keys = topics.readAll(Topics.PRACTICE_ACTIVITY).stream().map(TopicReader.Read::key)
                .filter(k -> k.endsWith("/2024-07-30")).toList();
        assertThat(keys).containsExactlyInAnyOrder("Z00001/2024-07-30", "Z00002/2024-07-30");
    }

    @Test
    void shouldKeyALaterReportLikeTheEarlierOneWhenAPracticeCorrectsADay() {
        // given
        String report = """
                {"practiceCode": "Z00001", "day": "2024-07-29", "clinicianSessions": 10, "patientContacts": 240, "cappedSessions": 4,
                 "urgentCareDiversions": 7, "agRequests": 0, "referrals": 12, "onlineRequests": 55}""";

        // when
        IngestHttp.Response first = http.postJson("/api/v1/activity", IngestHttp.PRACTICE_Z00001, report);
        IngestHttp.Response corrected = http.postJson("/api/v1/activity", IngestHttp.PRACTICE_Z00001, report.replace("\"agRequests\": 0", "\"agRequests\": 20"));

        // then
        assertThat(first.status()).isEqualTo(202);
        assertThat(corrected.status()).isEqualTo(202);
        List<TopicReader.Read<DailyReport>> reads = topics.readAll(Topics.PRACTICE_ACTIVITY).stream()
                .filter(r -> r.key().equals("Z00001/2024-07-29")).toList();
        assertThat(reads).extracting(r -> r.value().agRequests()).containsExactly(0, 20);
        assertThat(reads.get(0).raw().partition()).isEqualTo(reads.get(1).raw().partition());
    }

    @Test
    void shouldPublishEveryPracticeToTheDirectoryTopicWhenTheServiceStarts() throws InterruptedException {
        // given: publishing runs in the background once the service is ready
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (topics.endOffset(Topics.PRACTICE_DIRECTORY.name()) < 6202 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        // when
        Map<String, DirectoryEntry> entries = topics.readAll(Topics.PRACTICE_DIRECTORY).stream()
                .collect(Collectors.toMap(TopicReader.Read::key, TopicReader.Read::value, (a, b) -> b));

        // then
        assertThat(entries).hasSize(6202);
        Practice first = directory.practice("Z00001").orElseThrow();
        assertThat(entries.get("Z00001")).isEqualTo(DirectoryEntry.of(first));
        assertThat(entries.get("Z00001").icbCode()).isEqualTo("QKK");
        assertThat(entries.get("Z00001").regionCode()).isEqualTo("Y56");
        assertThat(directory.practices().stream().map(Practice::code).collect(Collectors.toMap(Function.identity(), c -> c)))
                .containsOnlyKeys(entries.keySet());
    }
}
