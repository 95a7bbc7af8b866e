package uk.nhs.impactmonitor.ingest.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.notice.NoticeStatus;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.FixedClockConfiguration;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestKafkaTest;
import uk.nhs.impactmonitor.ingest.TopicReader;
import uk.nhs.impactmonitor.ingest.kafka.KafkaClientsConfiguration;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;

/** Notices end to end on a real KRaft broker: every change is one event on practice-notices, keyed by practice. */
@IngestKafkaTest
class NoticesIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;

    IngestHttp http;
    TopicReader topics;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        topics = new TopicReader(broker.getBrokersAsString());
    }

    static String notice(String noticeId, String practiceCode, String from, String to) {
        return """
                {"noticeId": "%s", "practiceCode": "%s", "action": "STOP_ADVICE_AND_GUIDANCE",
                 "effectiveFrom": "%s", "effectiveTo": %s, "submittedBy": "Practice manager", "note": "from the LMC letter"}
                """.formatted(noticeId, practiceCode, from, to == null ? "null" : "\"" + to + "\"");
    }

    List<NoticeEvent> eventsOf(String noticeId) {
        return topics.readAll(Topics.PRACTICE_NOTICES).stream()
                .map(TopicReader.Read::value)
                .filter(e -> e.noticeId().equals(noticeId))
                .toList();
    }

    @Test
    void shouldWriteOneDeclaredEventKeyedByPracticeWhenANoticeIsAccepted() {
        // given
        String body = notice("it-declare-1", "Z00001", "2024-08-01", null);

        // when
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, body);

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("noticeId").asString()).isEqualTo("it-declare-1");
        assertThat(response.json().path("status").asString()).isEqualTo("ACCEPTED");
        List<TopicReader.Read<NoticeEvent>> written = topics.readAll(Topics.PRACTICE_NOTICES).stream()
                .filter(r -> r.value().noticeId().equals("it-declare-1")).toList();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).key()).isEqualTo("Z00001");
        NoticeEvent event = written.get(0).value();
        assertThat(event.type()).isEqualTo(NoticeEventType.DECLARED);
        assertThat(event.action()).isEqualTo(CollectiveAction.STOP_ADVICE_AND_GUIDANCE);
        assertThat(event.effectiveFrom()).hasToString("2024-08-01");
        assertThat(event.effectiveTo()).isNull();
        assertThat(event.submittedBy()).isEqualTo("Practice manager");
        assertThat(event.occurredAt()).isEqualTo(FixedClockConfiguration.NOW);
        assertThat(new String(written.get(0).raw().headers().lastHeader(RecordPublisher.CALLER_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("dev practice Z00001");
    }

    @Test
    void shouldAnswerTheStoredNoticeAndWriteNothingWhenTheSameNoticeIdIsSentAgain() {
        // given
        String first = notice("it-resend-1", "Z00001", "2024-08-01", null);
        assertThat(http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, first).status()).isEqualTo(202);
        long before = topics.endOffset(Topics.PRACTICE_NOTICES.name());

        // when: a resend, even with other dates, is a no-op
        IngestHttp.Response resent = http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, notice("it-resend-1", "Z00001", "2024-09-01", null));

        // then
        assertThat(resent.status()).isEqualTo(200);
        JsonNode stored = resent.json();
        assertThat(stored.path("noticeId").asString()).isEqualTo("it-resend-1");
        assertThat(stored.path("effectiveFrom").asString()).isEqualTo("2024-08-01");
        assertThat(stored.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(topics.endOffset(Topics.PRACTICE_NOTICES.name())).isEqualTo(before);
        assertThat(eventsOf("it-resend-1")).hasSize(1);
    }

    @Test
    void shouldWriteCorrectedThenWithdrawnEventsWhenANoticeIsCorrectedAndWithdrawn() {
        // given
        assertThat(http.postJson("/api/v1/notices", IngestHttp.ICB_QKK, notice("it-change-1", "Z00001", "2024-08-01", null)).status())
                .isEqualTo(202);

        // when
        IngestHttp.Response corrected = http.putJson("/api/v1/notices/it-change-1", IngestHttp.ICB_QKK,
                notice("it-change-1", "Z00001", "2024-08-02", "2024-08-30"));
        IngestHttp.Response withdrawn = http.delete("/api/v1/notices/it-change-1", IngestHttp.PRACTICE_Z00001);
        IngestHttp.Response correctedAgain = http.putJson("/api/v1/notices/it-change-1", IngestHttp.ADMIN,
                notice("it-change-1", "Z00001", "2024-08-03", null));
        IngestHttp.Response withdrawnAgain = http.delete("/api/v1/notices/it-change-1", IngestHttp.ADMIN);

        // then
        assertThat(corrected.status()).isEqualTo(202);
        assertThat(withdrawn.status()).isEqualTo(202);
        assertThat(correctedAgain.status()).isEqualTo(409);
        assertThat(correctedAgain.contentType()).startsWith("application/problem+json");
        assertThat(withdrawnAgain.status()).isEqualTo(409);
        List<NoticeEvent> events = eventsOf("it-change-1");
        assertThat(events).extracting(NoticeEvent::type)
                .containsExactly(NoticeEventType.DECLARED, NoticeEventType.CORRECTED, NoticeEventType.WITHDRAWN);
        assertThat(events.get(1).effectiveFrom()).hasToString("2024-08-02");
        assertThat(events.get(1).effectiveTo()).hasToString("2024-08-30");
        // a withdrawal carries the notice as it stood, so a reader needs only the latest event
        assertThat(events.get(2).effectiveFrom()).hasToString("2024-08-02");
        assertThat(events.get(2).effectiveTo()).hasToString("2024-08-30");
        JsonNode listed = http.get("/api/v1/notices?practiceCode=Z00001", IngestHttp.PRACTICE_Z00001).json();
        JsonNode mine = null;
        for (JsonNode n : listed) {
            if (n.path("noticeId").asString().equals("it-change-1")) {
                mine = n;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("status").asString()).isEqualTo("WITHDRAWN");
    }

    @Test
    void shouldWriteNothingWhenTheNoticeIsInvalid() {
        // given
        long before = topics.endOffset(Topics.PRACTICE_NOTICES.name());

        // when
        IngestHttp.Response unknownAction = http.postJson("/api/v1/notices", IngestHttp.ADMIN,
                notice("it-bad-1", "Z00001", "2024-08-01", null).replace("STOP_ADVICE_AND_GUIDANCE", "STOP_EVERYTHING"));
        IngestHttp.Response datesReversed = http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice("it-bad-2", "Z00001", "2024-08-10", "2024-08-01"));
        IngestHttp.Response otherPractice = http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, notice("it-bad-3", "Z00002", "2024-08-01", null));

        // then
        assertThat(unknownAction.status()).isEqualTo(400);
        assertThat(datesReversed.status()).isEqualTo(400);
        assertThat(otherPractice.status()).isEqualTo(403);
        assertThat(topics.endOffset(Topics.PRACTICE_NOTICES.name())).isEqualTo(before);
    }

    @Test
    void shouldRebuildEveryNoticeAsLastKnownAndSkipUnreadableRecordsWhenTheServiceRestarts() throws Exception {
        // given: one notice withdrawn, one corrected
        http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice("it-replay-1", "Z00001", "2024-08-01", null));
        http.delete("/api/v1/notices/it-replay-1", IngestHttp.ADMIN);
        http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice("it-replay-2", "Z00002", "2024-08-01", null));
        http.putJson("/api/v1/notices/it-replay-2", IngestHttp.ADMIN, notice("it-replay-2", "Z00002", "2024-08-05", "2024-08-09"));

        // and a record no reader can use, written by someone else
        try (KafkaProducer<String, String> other = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer())) {
            other.send(new ProducerRecord<>(Topics.PRACTICE_NOTICES.name(), "Z00001", "{not json")).get();
        }

        // when: a fresh view, as after a restart, reads the topic from the beginning
        NoticeView rebuilt = new NoticeView();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", broker.getBrokersAsString());
        config.putAll(KafkaClientsConfiguration.replayConsumerConfig(new KafkaProperties()));
        config.put("bootstrap.servers", broker.getBrokersAsString());
        NoticeViewLoader loader = new NoticeViewLoader(rebuilt, config, meters);
        loader.start();
        try {
            assertThat(rebuilt.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        } finally {
            loader.stop();
        }

        // then: the unreadable record is skipped and counted, and the view is whole
        assertThat(meters.counter("ingest.notice.view.unreadable").count()).isEqualTo(1.0);
        assertThat(rebuilt.find("it-replay-1").orElseThrow().status()).isEqualTo(NoticeStatus.WITHDRAWN);
        NoticeEvent corrected = rebuilt.find("it-replay-2").orElseThrow();
        assertThat(corrected.type()).isEqualTo(NoticeEventType.CORRECTED);
        assertThat(corrected.effectiveFrom()).hasToString("2024-08-05");
        assertThat(corrected.effectiveTo()).hasToString("2024-08-09");
    }

    @Test
    void shouldWriteANoticeOnceWhenTheSameNoticeIdIsSentConcurrently() throws Exception {
        // given: a double-clicked "Send" from eight tabs at once
        String body = notice("it-race-1", "Z00001", "2024-08-01", null);
        ExecutorService pool = Executors.newFixedThreadPool(8);

        // when
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, body).status()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // then
        assertThat(statuses).containsOnly(200, 202);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(eventsOf("it-race-1")).hasSize(1);
    }
}
