package uk.nhs.impactmonitor.ingest.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestKafkaTest;

/**
 * The running service's notice view follows practice-notices live; a record on it that no reader can use (written by
 * someone else: undecodable bytes, or JSON without its schemaVersion) is skipped and counted, and the view keeps
 * following the topic: a notice written after the poison is listed, and a resend of it is recognised.
 * (impact-streams owns the topic's dead-letter copy; this reader only skips.)
 */
@IngestKafkaTest
// the poison stays on the shared broker's practice-notices; later classes get a fresh context and broker instead of it
@DirtiesContext
class NoticeViewPoisonIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;

    @Test
    void shouldKeepServingNoticesWrittenAfterAPoisonRecordWhenPracticeNoticesHoldsUnreadableRecords() throws Exception {
        // given
        IngestHttp http = new IngestHttp(port);
        double skippedBefore = meters.counter("ingest.notice.view.unreadable").count();
        String noSchemaVersion = """
                {"type":"DECLARED","noticeId":"pv-poison","practiceCode":"Z00001","action":"DEFER_PILOTS","effectiveFrom":"2024-08-01",
                 "submittedBy":"someone else","occurredAt":"2024-09-01T00:00:00Z"}""";
        NoticeEvent after = new NoticeEvent(NoticeEvent.SCHEMA_VERSION, NoticeEventType.DECLARED, "pv-after-poison", "Z00001",
                CollectiveAction.DEFER_PILOTS, LocalDate.parse("2024-08-02"), null, "someone else", null, Instant.parse("2024-09-01T00:00:00Z"));

        // when: two poison records, then a sound notice, all written straight to the topic by another writer
        try (KafkaProducer<String, byte[]> other = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            other.send(new ProducerRecord<>(Topics.PRACTICE_NOTICES.name(), "Z00001", new byte[] {(byte) 0xC3, 0x28, 0x00, '{'})).get();
            other.send(new ProducerRecord<>(Topics.PRACTICE_NOTICES.name(), "Z00001", noSchemaVersion.getBytes(StandardCharsets.UTF_8))).get();
            other.send(new ProducerRecord<>(Topics.PRACTICE_NOTICES.name(), "Z00001",
                    Topics.PRACTICE_NOTICES.valueSerde().serializer().serialize(Topics.PRACTICE_NOTICES.name(), after))).get();
        }

        // then the view read past both poison records: the notice after them is listed
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> listed(http, "pv-after-poison") != null);
        assertThat(listed(http, "pv-poison")).isNull();
        assertThat(meters.counter("ingest.notice.view.unreadable").count() - skippedBefore).isGreaterThanOrEqualTo(2.0);
        // and it is still served: a resend of that notice is recognised, a new notice is accepted
        IngestHttp.Response resent = http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, """
                {"noticeId":"pv-after-poison","practiceCode":"Z00001","action":"DEFER_PILOTS","effectiveFrom":"2024-08-02","submittedBy":"PM"}""");
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        assertThat(resent.json().path("effectiveFrom").asString()).isEqualTo("2024-08-02");
        IngestHttp.Response declared = http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, """
                {"noticeId":"pv-new","practiceCode":"Z00001","action":"DEFER_PILOTS","effectiveFrom":"2024-08-03","submittedBy":"PM"}""");
        assertThat(declared.status()).as(declared.body()).isEqualTo(202);
        assertThat(listed(http, "pv-new")).isNotNull();
    }

    private static JsonNode listed(IngestHttp http, String noticeId) {
        IngestHttp.Response response = http.get("/api/v1/notices?practiceCode=Z00001", IngestHttp.ADMIN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (JsonNode notice : response.json()) {
            if (notice.path("noticeId").asString().equals(noticeId)) {
                return notice;
            }
        }
        return null;
    }
}
