package uk.nhs.impactmonitor.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/**
 * Kafka unreachable (bootstrap to a closed port on 127.0.0.1): every write is answered 503 with Retry-After
 * within the 5 s of the contract, never a hang and never a 202. Elapsed times go to the test output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-service",
        "spring.profiles.active=dev",
        "monitor.security.dev-credentials=true",
        "logging.level.org.apache.kafka=ERROR"})
class KafkaUnavailableTest {

    /** A generous bound: the contract is 5 s, the configured wait is 4 s; timing itself is not what is tested. */
    static final Duration BOUND = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    IngestHttp http;

    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort());
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnreachableForAReport() {
        // given
        String report = """
                {"practiceCode": "Z00001", "day": "2024-08-01", "clinicianSessions": 10, "patientContacts": 240, "cappedSessions": 4,
                 "urgentCareDiversions": 7, "agRequests": 3, "referrals": 12, "onlineRequests": 55}""";

        // when
        long start = System.nanoTime();
        IngestHttp.Response response = http.postJson("/api/v1/activity", IngestHttp.PRACTICE_Z00001, report);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        System.out.println("503 for a report after " + elapsed.toMillis() + " ms");
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("5");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).startsWith("Nothing was accepted");
        assertThat(elapsed).isLessThan(BOUND);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnreachableForABatch() {
        // given
        String csv = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n"
                + "Z00001,2024-08-01,10,240,4,7,3,12,55\nZ00001,2024-08-02,10,240,4,7,3,12,55\n";

        // when
        long start = System.nanoTime();
        IngestHttp.Response response = http.send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "text/csv", csv);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        System.out.println("503 for a batch after " + elapsed.toMillis() + " ms");
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("5");
        assertThat(elapsed).isLessThan(BOUND);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnreachableForANotice() {
        // given: the notices already on the topic cannot be read either, so a resend could not be recognised
        String notice = """
                {"noticeId": "ku-1", "practiceCode": "Z00001", "action": "STOP_ADVICE_AND_GUIDANCE", "effectiveFrom": "2024-08-01", "submittedBy": "PM"}""";

        // when
        long start = System.nanoTime();
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, notice);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        System.out.println("503 for a notice after " + elapsed.toMillis() + " ms");
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.header("Retry-After")).contains("5");
        assertThat(elapsed).isLessThan(BOUND);
    }

    @Test
    void shouldStillRefuseABadRequestAt400WhenKafkaIsUnreachable() {
        // when
        IngestHttp.Response response = http.postJson("/api/v1/activity", IngestHttp.ADMIN, "{\"practiceCode\": \"Z00001\"}");

        // then
        assertThat(response.status()).isEqualTo(400);
    }
}
