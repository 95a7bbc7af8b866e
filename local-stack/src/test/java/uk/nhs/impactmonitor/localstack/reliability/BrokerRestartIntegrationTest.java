package uk.nhs.impactmonitor.localstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.localstack.LocalKafkaBroker;
import uk.nhs.impactmonitor.localstack.LocalStack;

/**
 * The in-process KRaft broker stopped in the middle of a run and started again on the same log directory and the
 * same ports, under the real ingest-service and impact-streams (the local stack, pointed at this broker): while it
 * is down every write is answered 503 with Retry-After and nothing is reported accepted; clients that retry on 503
 * after Retry-After get through once it is back; and the indicators are what the accepted writes make, worked out
 * by hand, with nothing lost and nothing counted twice.
 *
 * <p>Directory: P00001 (10,000 patients) and P00002 (5,000) in ICB QE1, P00003 (6,000) in QOP, all North West (Y62).
 */
class BrokerRestartIntegrationTest {

    private static final String ADMIN = "dev-admin";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;
    private LocalKafkaBroker broker;
    private LocalStack stack;

    @AfterEach
    void tearDown() {
        if (stack != null) {
            stack.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldAnswer503WhileTheBrokerIsDownAndCountEveryRetriedWriteOnceWhenItIsBack() throws Exception {
        // given the stack on a broker of its own, with a notice and a day of reports in
        int kafkaPort = freePort();
        int controllerPort = freePort();
        broker = new LocalKafkaBroker(dataDir, kafkaPort, controllerPort);
        broker.start();
        Path[] directory = writeDirectory(dataDir);
        stack = startStack(directory);
        String ingest = "http://localhost:" + stack.settings().local().ingestPort();
        String streams = "http://localhost:" + stack.settings().local().streamsPort();
        assertThat(post(ingest + "/api/v1/notices", notice("br-1", "P00001", "2024-08-01")).statusCode()).isEqualTo(202);
        assertThat(post(ingest + "/api/v1/activity", report("P00001", "2024-08-01", 10, 250)).statusCode()).isEqualTo(202);
        assertThat(post(ingest + "/api/v1/activity", report("P00002", "2024-08-01", 8, 160)).statusCode()).isEqualTo(202);
        awaitIndicator(streams, "QE1", "2024-08-01", "contacts_per_session", null, v -> v.path("practiceDays").asLong() == 2);

        // when the broker stops
        broker.close();
        // a write is refused, saying when to try again ...
        HttpResponse<String> refused = post(ingest + "/api/v1/activity", report("P00002", "2024-08-02", 5, 150));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        // ... and clients that retry on 503 keep trying while it is down, until it is back on the same ports and log
        RetryingClient reportClient = new RetryingClient(ingest + "/api/v1/activity", report("P00001", "2024-08-02", 10, 240));
        RetryingClient noticeClient = new RetryingClient(ingest + "/api/v1/notices", notice("br-2", "P00002", "2024-08-02"));
        RetryingClient refusedClient = new RetryingClient(ingest + "/api/v1/activity", report("P00002", "2024-08-02", 5, 150));
        List<RetryingClient> clients = List.of(reportClient, noticeClient, refusedClient);
        clients.forEach(RetryingClient::start);
        awaitTrue(() -> clients.stream().allMatch(c -> c.refusals.get() >= 1), Duration.ofSeconds(60), "every client refused once");
        broker = new LocalKafkaBroker(dataDir, kafkaPort, controllerPort);
        broker.start();

        // then every retried write is accepted once the broker is back
        for (RetryingClient client : clients) {
            HttpResponse<String> answer = client.result.get(120, TimeUnit.SECONDS);
            System.out.printf("%s: %d after %d refusal(s)%n", client.url, answer.statusCode(), client.refusals.get());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(client.refusals.get()).isGreaterThanOrEqualTo(1);
        }
        // and the indicators are the hand-worked ones. contacts_per_session pools the window W(d) = d-6..d: on 2024-08-02 it
        // holds both practices' reports of the 1st and the 2nd, (250 + 160 + 240 + 150) / (10 + 8 + 10 + 5) = 800 / 33 over
        // 4 practice-days (a report counted twice, or lost, changes both); on 2024-08-01 only the 1st's, 410 / 18 over 2
        JsonNode day2 = awaitIndicator(streams, "QE1", "2024-08-02", "contacts_per_session", null,
                v -> v.path("practiceDays").asLong() >= 4);
        assertThat(day2.path("value").asDouble()).isCloseTo(800.0 / 33, within(1e-12));
        assertThat(day2.path("practiceDays").asLong()).isEqualTo(4);
        assertThat(day2.path("practices").asLong()).isEqualTo(2);
        JsonNode day1 = awaitIndicator(streams, "QE1", "2024-08-01", "contacts_per_session", null, v -> true);
        assertThat(day1.path("value").asDouble()).isCloseTo(410.0 / 18, within(1e-12));
        assertThat(day1.path("practiceDays").asLong()).isEqualTo(2);
        // both QE1 practices stop A&G on 2024-08-02 (P00001 since the 1st, P00002 from the 2nd): 2 of 2; North West 2 of 3
        JsonNode participating = awaitIndicator(streams, "QE1", "2024-08-02", "participating_practices", "STOP_ADVICE_AND_GUIDANCE",
                v -> v.path("value").asDouble() == 2.0);
        assertThat(participating.path("practices").asLong()).isEqualTo(2);
        JsonNode region = awaitIndicator(streams, "Y62", "2024-08-02", "participation_rate", "STOP_ADVICE_AND_GUIDANCE",
                v -> v.path("value").asDouble() > 0.5);
        assertThat(region.path("value").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(awaitIndicator(streams, "QE1", "2024-08-01", "participating_practices", "STOP_ADVICE_AND_GUIDANCE", v -> true)
                .path("value").asDouble()).isEqualTo(1.0);
        // the notice view saw the retried notice once: a resend is recognised, not written again
        HttpResponse<String> resent = post(ingest + "/api/v1/notices", notice("br-2", "P00002", "2024-08-02"));
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        // and on the topics themselves each write is there once: a report written twice would leave every indicator
        // unchanged (the later replaces the earlier under the same key), so the indicators alone cannot show it
        assertThat(recordsPerKey(broker.bootstrapServers(), "practice-activity")).isEqualTo(java.util.Map.of(
                "P00001/2024-08-01", 1, "P00002/2024-08-01", 1, "P00001/2024-08-02", 1, "P00002/2024-08-02", 1));
        assertThat(recordsPerKey(broker.bootstrapServers(), "practice-notices")).isEqualTo(java.util.Map.of("P00001", 1, "P00002", 1));
    }

    /** How many committed records each key has on a topic, read from its beginning to its end. */
    static java.util.Map<String, Integer> recordsPerKey(String bootstrap, String topic) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(java.util.Map.of(
                "bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            java.util.Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
            }
        }
        return counts;
    }

    /** The stack on free ports; another build on this machine may take a port between choosing and binding it, so try again then. */
    private LocalStack startStack(Path[] directory) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return LocalStack.start("--monitor.data-dir=" + dataDir.resolve("services-" + attempt), "--monitor.demo.enabled=false",
                        "--monitor.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--monitor.directory.practices=" + directory[0], "--monitor.directory.list-sizes=" + directory[1],
                        "--monitor.local.ingest-port=" + freePort(), "--monitor.local.streams-port=" + freePort(),
                        "--monitor.local.alerts-port=" + freePort(), "--monitor.local.auth-port=0", "--logging.level.org.apache.kafka=ERROR");
            } catch (Exception e) {
                if (attempt == 3 || !portInUse(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portInUse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /** A client as a practice system should be: on 503 it waits Retry-After seconds and sends the same request again. */
    static final class RetryingClient {

        final String url;
        final String body;
        final AtomicInteger refusals = new AtomicInteger();
        final CompletableFuture<HttpResponse<String>> result = new CompletableFuture<>();

        RetryingClient(String url, String body) {
            this.url = url;
            this.body = body;
        }

        void start() {
            Thread thread = new Thread(() -> {
                try {
                    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                    while (true) {
                        HttpResponse<String> answer = post(url, body);
                        if (answer.statusCode() != 503 || System.nanoTime() > deadline) {
                            result.complete(answer);
                            return;
                        }
                        refusals.incrementAndGet();
                        long wait = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
                        Thread.sleep(wait * 1000);
                    }
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            }, "retrying-client");
            thread.setDaemon(true);
            thread.start();
        }
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

    static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode awaitIndicator(String streams, String area, String day, String indicator, String action,
                                           java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        awaitTrue(() -> {
            Optional<JsonNode> value = indicator(streams, area, day, indicator, action);
            found[0] = value.orElse(null);
            return value.isPresent() && until.test(value.get());
        }, Duration.ofSeconds(90), () -> area + " " + day + " " + indicator + " " + action + ", last seen: " + found[0]);
        return found[0];
    }

    static Optional<JsonNode> indicator(String streams, String area, String day, String indicator, String action) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(streams + "/api/v1/areas/" + area
                    + "/indicators?day=" + day)).header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            for (JsonNode value : Json.MAPPER.readTree(response.body())) {
                if (value.path("indicator").asString().equals(indicator) && !value.path("value").isNull()
                        && (action == null ? value.path("action").isMissingNode() : value.path("action").asString().equals(action))) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        awaitTrue(condition, timeout, () -> what);
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            Thread.sleep(100);
        }
    }

    /** Three practices in NHS England's published file format, loaded by the services through the real loader. */
    static Path[] writeDirectory(Path dir) throws IOException {
        String header = "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
                + "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,"
                + "ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME";
        Path map = dir.resolve("gp-reg-pat-prac-map.csv");
        Files.writeString(map, header + "\r\n"
                + row("P00001", "QE1", "E54000048", "NHS Lancashire and South Cumbria Integrated Care Board")
                + row("P00002", "QE1", "E54000048", "NHS Lancashire and South Cumbria Integrated Care Board")
                + row("P00003", "QOP", "E54000057", "NHS Greater Manchester Integrated Care Board"));
        Path totals = dir.resolve("gp-reg-pat-prac-all.csv");
        Files.writeString(totals, "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00001,AB1 2CD,ALL,ALL,10000\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00002,AB1 2CD,ALL,ALL,5000\r\n"
                + "GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,P00003,AB1 2CD,ALL,ALL,6000\r\n");
        return new Path[] {map, totals};
    }

    private static String row(String code, String icb, String onsIcb, String icbName) {
        return "GP_PRAC_PAT_LIST,01Oct2025," + code + ",PRACTICE " + code + ",AB1 2CD,U00001,SOME PCN,E38000001,00L,\"Sub-ICB, 00L\","
                + onsIcb + "," + icb + ",\"" + icbName + "\",E40000014,Y62,North West,EMIS\r\n";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
