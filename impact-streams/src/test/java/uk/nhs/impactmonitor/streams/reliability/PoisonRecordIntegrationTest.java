package uk.nhs.impactmonitor.streams.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.Http;
import uk.nhs.impactmonitor.streams.ImpactStreamsApplication;
import uk.nhs.impactmonitor.streams.KafkaTestClient;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.topology.ImpactTopology;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;
import uk.nhs.impactmonitor.streams.model.ModelInput;

/**
 * A poison record on every topic impact-streams reads — practice-notices, practice-activity and its own
 * repartition topic {@code impact-streams-national-model-input-repartition} (anyone with write access can put a
 * record there) — lands on {@code <topic>.dlq} unchanged with the reason in its headers, and the record after
 * it is processed. Each topic gets undecodable bytes and well-formed JSON that breaks a rule; the inputs also
 * get a practice the directory does not know. The broker does not create topics on first use, as in production,
 * so a dead-letter topic nobody created would show. (practice-directory has no reader: ingest-service only
 * publishes it.)
 *
 * <p>The record after the poison is chosen so that the poison, had it been counted, would change the asserted
 * value: the poison is for another QKK practice on the same day and action.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordIntegrationTest {

    private static final String REPARTITION = "impact-streams-" + ImpactTopology.MODEL_INPUT + "-repartition";
    private static final byte[] GARBAGE = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, '{', '"'};
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedKafkaKraftBroker broker;
    private ConfigurableApplicationContext app;
    private Http http;
    private KafkaTestClient kafka;
    private String otherQkk;

    @BeforeAll
    void start() throws IOException {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
                "auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
        int port = freePort();
        app = ImpactStreamsApplication.builder().run("--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--monitor.security.dev-credentials=true",
                "--monitor.streams.state-dir=" + Files.createTempDirectory("impact-streams-poison"),
                "--monitor.streams.application-server=127.0.0.1:" + port);
        http = new Http(port);
        kafka = new KafkaTestClient(broker.getBrokersAsString());
        otherQkk = app.getBean(PracticeDirectory.class).practicesIn("QKK").stream().map(p -> p.code())
                .filter(c -> !c.equals("Z00001")).findFirst().orElseThrow();
        // the repartition topic exists once the engine runs
        await().atMost(WAIT).until(() -> http.get("/actuator/health", null).body().contains("\"UP\""));
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldDeadLetterPoisonNoticesAndProcessTheNextNoticeWhenNoticesAreUnreadableOrBreakTheRules() {
        // given
        LocalDate day = LocalDate.parse("2024-08-05");
        String noSchemaVersion = """
                {"type":"DECLARED","noticeId":"poison-n2","practiceCode":"%s","action":"DEFER_PILOTS","effectiveFrom":"2024-08-05",
                 "submittedBy":"test","occurredAt":"2024-09-01T00:00:00Z"}""".formatted(otherQkk);
        String unknownPractice = noSchemaVersion.replace("\"type\"", "\"schemaVersion\":1,\"type\"")
                .replace(otherQkk, "X99999").replace("poison-n2", "poison-n3");

        // when
        kafka.send(Topics.PRACTICE_NOTICES.name(), otherQkk, GARBAGE);
        kafka.send(Topics.PRACTICE_NOTICES.name(), otherQkk, noSchemaVersion.getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.PRACTICE_NOTICES.name(), "X99999", unknownPractice.getBytes(StandardCharsets.UTF_8));
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "poison-after", "Z00001", CollectiveAction.DEFER_PILOTS, day, null));

        // then the notice after the poison counts, and only it: one QKK practice defers pilots, not two
        JsonNode participating = awaitValue("QKK", day, "participating_practices", "DEFER_PILOTS");
        assertThat(participating.path("value").asDouble()).isEqualTo(1.0);
        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(Topics.PRACTICE_NOTICES.deadLetterTopic(), 3);
        assertDeadLetter(dead.get(0), GARBAGE, Topics.PRACTICE_NOTICES.name(), "not a readable NoticeEvent");
        assertDeadLetter(dead.get(1), noSchemaVersion.getBytes(StandardCharsets.UTF_8), Topics.PRACTICE_NOTICES.name(), "schemaVersion");
        assertThat(DeadLetterHeaders.get(dead.get(2).headers(), DeadLetterHeaders.REASON)).contains("practiceCode").contains("X99999");
        assertThat(new String(dead.get(2).value(), StandardCharsets.UTF_8)).contains("\"noticeId\":\"poison-n3\"");
    }

    @Test
    void shouldDeadLetterPoisonReportsAndProcessTheNextReportWhenReportsAreUnreadableOrBreakTheRules() {
        // given
        LocalDate day = LocalDate.parse("2024-08-20");
        String negative = """
                {"schemaVersion":1,"practiceCode":"%s","day":"2024-08-20","clinicianSessions":10,"patientContacts":-250,"cappedSessions":0,
                 "urgentCareDiversions":0,"agRequests":0,"referrals":0,"onlineRequests":0}""".formatted(otherQkk);
        String unknownPractice = negative.replace(otherQkk, "X99999").replace("-250", "250");

        // when
        kafka.send(Topics.PRACTICE_ACTIVITY.name(), otherQkk + "/2024-08-20", GARBAGE);
        kafka.send(Topics.PRACTICE_ACTIVITY.name(), otherQkk + "/2024-08-20", negative.getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.PRACTICE_ACTIVITY.name(), "X99999/2024-08-20", unknownPractice.getBytes(StandardCharsets.UTF_8));
        kafka.send(ModelFixture.report("Z00001", day, 10, 250, 1, 0, 0, 0, 0));

        // then only Z00001's report is in QKK's day: 250 contacts over 10 sessions, one practice-day
        JsonNode contacts = awaitValue("QKK", day, "contacts_per_session", null);
        assertThat(contacts.path("value").asDouble()).isEqualTo(25.0);
        assertThat(contacts.path("practiceDays").asLong()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(Topics.PRACTICE_ACTIVITY.deadLetterTopic(), 3);
        assertDeadLetter(dead.get(0), GARBAGE, Topics.PRACTICE_ACTIVITY.name(), "not a readable DailyReport");
        assertDeadLetter(dead.get(1), negative.getBytes(StandardCharsets.UTF_8), Topics.PRACTICE_ACTIVITY.name(), "patientContacts");
        assertThat(DeadLetterHeaders.get(dead.get(2).headers(), DeadLetterHeaders.REASON)).contains("practiceCode").contains("X99999");
        assertThat(dead.get(2).key()).isEqualTo("X99999/2024-08-20");
    }

    @Test
    void shouldDeadLetterPoisonModelInputAndProcessTheNextWhenTheRepartitionTopicHoldsABadRecord() {
        // given: what the first sub-topology writes is a ModelInput; these are not
        LocalDate day = LocalDate.parse("2024-09-10");
        String neither = "{\"schemaVersion\":1}";
        byte[] next = ImpactTopology.MODEL_INPUT_SERDE.serializer().serialize(REPARTITION,
                ModelInput.of(ModelFixture.report("Z00001", day, 10, 300, 1, 0, 0, 0, 0)));

        // when
        kafka.send(REPARTITION, otherQkk, GARBAGE);
        kafka.send(REPARTITION, otherQkk, neither.getBytes(StandardCharsets.UTF_8));
        kafka.send(REPARTITION, "Z00001", next);

        // then
        JsonNode contacts = awaitValue("QKK", day, "contacts_per_session", null);
        assertThat(contacts.path("value").asDouble()).isEqualTo(30.0);
        assertThat(contacts.path("practiceDays").asLong()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(ImpactTopology.modelInputDeadLetterTopic("impact-streams"), 2);
        assertDeadLetter(dead.get(0), GARBAGE, REPARTITION, "not a readable ModelInput");
        assertDeadLetter(dead.get(1), neither.getBytes(StandardCharsets.UTF_8), REPARTITION, "exactly one of notice and report");
    }

    private static void assertDeadLetter(ConsumerRecord<String, byte[]> dead, byte[] value, String sourceTopic, String reason) {
        assertThat(dead.value()).isEqualTo(value);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains(reason);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(sourceTopic);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.EXCEPTION)).isNotBlank();
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isNotBlank();
    }

    private List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String topic, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> kafka.readAll(topic).size() >= count);
        List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(topic);
        assertThat(dead).hasSize(count);
        return dead;
    }

    private JsonNode awaitValue(String area, LocalDate day, String indicator, String action) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.Response response = http.get("/api/v1/areas/" + area + "/indicators?day=" + day, Http.ADMIN);
            if (response.status() != 200) {
                return false;
            }
            for (JsonNode value : response.json()) {
                if (value.path("indicator").asString().equals(indicator)
                        && (action == null ? value.path("action").isMissingNode() : value.path("action").asString().equals(action))
                        && !value.path("value").isNull()) {
                    found[0] = value;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
