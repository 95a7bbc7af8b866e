package uk.nhs.impactmonitor.localstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.awaitIndicator;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.awaitTrue;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.freePort;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.post;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.localstack.LocalKafkaBroker;
import uk.nhs.impactmonitor.localstack.LocalStack;
import uk.nhs.impactmonitor.streams.ImpactStreamsApplication;

/**
 * The history outlives the broker's time-based retention. The broker here deletes by age after two seconds
 * ({@code log.retention.ms}, with segments rolled every second by {@code log.roll.ms}), as a real broker does after its default seven days;
 * a topic made with the broker's defaults shows it does. The monitor's topics are defined with no retention by age
 * ({@code Topic.Retention}), so after that time a new ingest-service (its notice view read back from
 * {@code practice-notices}) still knows every notice, to correct and to withdraw, and a new impact-streams with an
 * empty state directory and a new application id (the documented rebuild, docs/reliability.md) ends with every
 * indicator equal to the instance that ran all along.
 *
 * <p>Directory: BrokerRestartIntegrationTest's: P00001 and P00002 in ICB QE1, P00003 in QOP, all North West (Y62).
 */
class ShortRetentionRebuildIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CONTROL = "broker-default-retention";
    private static final List<String> AREAS = List.of("QE1", "QOP", "Y62");
    private static final List<String> DAYS = List.of("2024-08-01", "2024-08-02", "2024-08-03");

    @TempDir
    Path dataDir;
    private LocalKafkaBroker broker;
    private LocalStack stack;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();

    @AfterEach
    void tearDown() {
        services.forEach(ConfigurableApplicationContext::close);
        if (stack != null) {
            stack.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void shouldCorrectAndWithdrawEveryNoticeAndRebuildEqualIndicatorsWhenTheBrokerDeletesByAgeAfterSeconds() throws Exception {
        // given: a broker that deletes by age after 2 s, and the stack on it with three notices and two days of reports
        broker = new LocalKafkaBroker(dataDir, freePort(), freePort(), Map.of(
                "log.retention.ms", "2000", "log.roll.ms", "1000", "log.retention.check.interval.ms", "500",
                "log.cleaner.backoff.ms", "500"));
        broker.start();
        Path[] directory = BrokerRestartIntegrationTest.writeDirectory(dataDir);
        stack = LocalStack.start("--monitor.data-dir=" + dataDir.resolve("services"), "--monitor.demo.enabled=false", "--monitor.local.auth-port=0",
                "--monitor.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--monitor.directory.practices=" + directory[0], "--monitor.directory.list-sizes=" + directory[1],
                "--monitor.local.ingest-port=" + freePort(), "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(), "--logging.level.org.apache.kafka=ERROR");
        String ingest = "http://localhost:" + stack.settings().local().ingestPort();
        String streams = "http://localhost:" + stack.settings().local().streamsPort();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(CONTROL, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        for (String[] notice : List.of(new String[] {"rt-1", "P00001"}, new String[] {"rt-2", "P00002"}, new String[] {"rt-3", "P00003"})) {
            assertThat(post(ingest + "/api/v1/notices", notice(notice[0], notice[1], "2024-08-01")).statusCode()).isEqualTo(202);
        }
        for (String day : List.of("2024-08-01", "2024-08-02")) {
            for (String practice : List.of("P00001", "P00002", "P00003")) {
                assertThat(post(ingest + "/api/v1/activity", report(practice, day, 10, 200 + day.hashCode() % 7)).statusCode()).isEqualTo(202);
            }
        }
        awaitIndicator(streams, "Y62", "2024-08-02", "participating_practices", "STOP_ADVICE_AND_GUIDANCE", v -> v.path("value").asDouble() == 3.0);

        // when: the broker's retention has deleted by age (the control topic, made with its defaults, lost its first record)
        long deleted = awaitDeletedByAge(0);

        // then: a new ingest-service, its notice view read back from practice-notices, corrects every notice ...
        ConfigurableApplicationContext newIngest = start(IngestServiceApplication.builder(), directory, "ingest-2", Map.of());
        String ingest2 = "http://localhost:" + port(newIngest);
        for (String[] notice : List.of(new String[] {"rt-1", "P00001"}, new String[] {"rt-2", "P00002"}, new String[] {"rt-3", "P00003"})) {
            HttpResponse<String> corrected = put(ingest2 + "/api/v1/notices/" + notice[0], notice(notice[0], notice[1], "2024-08-02"));
            assertThat(corrected.statusCode()).as("correcting " + notice[0] + ": " + corrected.body()).isEqualTo(202);
        }
        // ... and, once retention has run again over segments closed since (the corrections rolled them), withdraws one
        awaitDeletedByAge(deleted);
        assertThat(beginningOffset(broker.bootstrapServers(), "practice-notices")).as("practice-notices lost nothing").isZero();
        ConfigurableApplicationContext newestIngest = start(IngestServiceApplication.builder(), directory, "ingest-3", Map.of());
        HttpResponse<String> withdrawn = delete("http://localhost:" + port(newestIngest) + "/api/v1/notices/rt-3");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(202);
        awaitIndicator(streams, "Y62", "2024-08-02", "participating_practices", "STOP_ADVICE_AND_GUIDANCE", v -> v.path("value").asDouble() == 2.0);
        awaitIndicator(streams, "Y62", "2024-08-01", "participating_practices", "STOP_ADVICE_AND_GUIDANCE", v -> v.path("value").asDouble() == 0.0);

        // and a new impact-streams (new application id, empty state directory) computes every indicator as the one that ran all along
        ConfigurableApplicationContext rebuilt = start(ImpactStreamsApplication.builder(), directory, "streams-rebuilt",
                Map.of("monitor.streams.application-id", "impact-streams-rebuilt"));
        String streams2 = "http://localhost:" + port(rebuilt);
        Map<String, JsonNode> expected = indicators(streams);
        // the six area-days with reports (3 areas x 2 days) each have at least the 3 participation and 4 report-based values
        assertThat(expected.values()).as("indicators to compare").filteredOn(v -> v != null && v.size() >= 7).hasSize(6);
        Map<String, JsonNode>[] actual = new Map[1];
        awaitTrue(() -> expected.equals(actual[0] = indicators(streams2)), Duration.ofSeconds(120),
                () -> "the rebuilt instance's indicators to equal the one that ran along; differing: " + differences(expected, actual[0])
                        + "\n(the one that ran along now, against its snapshot: " + differences(expected, indicators(streams)) + ")");
        assertThat(actual[0]).isEqualTo(expected);
    }

    /** Every area/day whose entries differ, both sides, for a failure message. */
    private static String differences(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        StringBuilder out = new StringBuilder();
        expected.forEach((key, value) -> {
            JsonNode other = actual == null ? null : actual.get(key);
            if (!java.util.Objects.equals(value, other)) {
                out.append("\n").append(key).append(" expected ").append(value).append("\n").append(key).append(" actual   ").append(other);
            }
        });
        return out.toString();
    }

    /** Writes to the control topic until its beginning moves past {@code after}: retention has deleted by age. */
    private long awaitDeletedByAge(long after) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                // each write after a second rolls the segment, so the one before can age out
                producer.send(new ProducerRecord<>(CONTROL, "tick", "tick")).get(10, TimeUnit.SECONDS);
                long beginning = beginningOffset(broker.bootstrapServers(), CONTROL);
                if (beginning > after) {
                    return beginning;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the broker did not delete " + CONTROL + " by age within 60 s");
                }
                Thread.sleep(300);
            }
        }
    }

    static long beginningOffset(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.beginningOffsets(List.of(tp)).get(tp);
        }
    }

    private ConfigurableApplicationContext start(org.springframework.boot.builder.SpringApplicationBuilder builder, Path[] directory,
                                                 String name, Map<String, String> more) throws IOException {
        int port = freePort();
        Map<String, String> args = new LinkedHashMap<>(Map.of(
                "server.port", String.valueOf(port),
                "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                "monitor.data-dir", dataDir.resolve(name).toString(),
                "spring.profiles.active", "dev",
                "monitor.security.dev-credentials", "true",
                "monitor.directory.practices", directory[0].toString(),
                "monitor.directory.list-sizes", directory[1].toString(),
                "monitor.streams.application-server", "localhost:" + port,
                "logging.level.org.apache.kafka", "ERROR"));
        args.putAll(more);
        ConfigurableApplicationContext context = builder.registerShutdownHook(false)
                .run(args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        services.add(context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Every indicator value of the areas and days, by area/day, without when it was computed (entries with a value). */
    private static Map<String, JsonNode> indicators(String streams) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (String area : AREAS) {
            for (String day : DAYS) {
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(streams + "/api/v1/areas/" + area
                            + "/indicators?day=" + day)).header("Authorization", "Bearer dev-admin").GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        all.put(area + "/" + day, Json.MAPPER.readTree("\"" + response.statusCode() + "\""));
                        continue;
                    }
                    // what a planner sees: the values. Entries without one are left out, as PowerCutIntegrationTest does
                    // (docs/reliability.md): the instance that ran along emitted the action on the days the notices were
                    // later corrected away from (QE1, 2024-08-01) or withdrawn from (rt-3: QOP, Y62) and keeps value-less
                    // attributable_change entries there; the rebuilt one reads notice, correction and withdrawal together
                    // and never emits them (seen: every difference was such an entry), so their presence depends on when
                    // the model ran, not on the input
                    ArrayNode values = Json.MAPPER.createArrayNode();
                    for (JsonNode v : Json.MAPPER.readTree(response.body())) {
                        if (!v.path("value").isNull() && !v.path("value").isMissingNode()) {
                            ((ObjectNode) v).remove("updatedAt");
                            values.add(v);
                        }
                    }
                    all.put(area + "/" + day, values);
                } catch (IOException | InterruptedException e) {
                    all.put(area + "/" + day, null);
                }
            }
        }
        return all;
    }

    private static HttpResponse<String> put(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer dev-admin")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer dev-admin")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String report(String practice, String day, int sessions, int contacts) {
        return """
                {"practiceCode":"%s","day":"%s","clinicianSessions":%d,"patientContacts":%d,"cappedSessions":0,
                 "urgentCareDiversions":0,"agRequests":0,"referrals":0,"onlineRequests":0}""".formatted(practice, day, sessions, contacts);
    }

    private static String notice(String id, String practice, String from) {
        return """
                {"noticeId":"%s","practiceCode":"%s","action":"STOP_ADVICE_AND_GUIDANCE","effectiveFrom":"%s","submittedBy":"practice manager"}"""
                .formatted(id, practice, from);
    }
}
