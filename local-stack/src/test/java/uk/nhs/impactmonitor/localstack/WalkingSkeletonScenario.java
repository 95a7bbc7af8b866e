package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * The walking skeleton, end to end through the real local stack: a notice posted over HTTP to
 * ingest-service → practice-notices → impact-streams computes participation for the practice's ICB,
 * region and England → served over HTTP → alerts-service applies the ICB participation rule and POSTs a
 * signed webhook to a real HTTP server in the test. Subclasses choose the broker.
 */
abstract class WalkingSkeletonScenario {

    static final String ADMIN = "test-admin-token";
    static final String SECRET = "region-y62-secret";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;
    LocalStack stack;
    WebhookReceiver receiver;

    /** Options that say which Kafka to use. */
    abstract List<String> kafkaArgs() throws IOException;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void shouldTurnANoticeIntoParticipationForIcbRegionAndEnglandAndASignedWebhook() throws Exception {
        // given: four practices (P1 10,000 and P2 5,000 in QE1; P3 6,000 in QOP; P4 4,000 in QHM) and a
        // North West (Y62) subscriber, who also hears about the ICBs inside the region
        Path[] directory = TinyDirectory.write(dataDir);
        List<String> args = new ArrayList<>(List.of(
                "--monitor.data-dir=" + dataDir.resolve("data"),
                "--monitor.demo.enabled=false",
                "--monitor.directory.practices=" + directory[0],
                "--monitor.directory.list-sizes=" + directory[1],
                "--monitor.security.admin-token=" + ADMIN,
                "--monitor.local.ingest-port=" + freePort(),
                "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(), "--monitor.local.auth-port=0"));
        args.addAll(kafkaArgs());
        args.addAll(AlertTiming.FAST);
        stack = LocalStack.start(args.toArray(String[]::new));
        receiver = new WebhookReceiver();
        var ports = stack.settings().local();

        HttpResponse<String> subscribed = post("http://localhost:" + ports.alertsPort() + "/api/v1/subscriptions", ADMIN,
                "{\"area\":\"Y62\",\"webhook\":{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}}");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

        // when: practice P1, with its own credential, notifies that it stops Advice & Guidance from 1 August 2024
        long posted = System.nanoTime();
        HttpResponse<String> accepted = post("http://localhost:" + ports.ingestPort() + "/api/v1/notices", "dev-practice-P00001",
                """
                {"noticeId":"walking-skeleton-1","practiceCode":"P00001","action":"STOP_ADVICE_AND_GUIDANCE",
                 "effectiveFrom":"2024-08-01","submittedBy":"P00001 practice manager"}""");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted.body()).get("status").asString()).isEqualTo("ACCEPTED");

        // then: participation on 1 August, worked out by hand:
        //   QE1: 1 of 2 practices = 0.5; patients 10,000 of 15,000 = 0.6667
        //   Y62: 1 of 3 = 0.3333; 10,000 of 21,000 = 0.4762
        //   ENG: 1 of 4 = 0.25;   10,000 of 25,000 = 0.4
        String streams = "http://localhost:" + ports.streamsPort();
        JsonNode qe1 = awaitValue(() -> indicator(streams, "QE1", "participation_rate"), Duration.ofSeconds(30));
        System.out.printf("notice POST -> participation visible in the API: %d ms%n", (System.nanoTime() - posted) / 1_000_000);
        assertThat(qe1.get("value").asDouble()).isEqualTo(0.5);
        assertParticipation(streams, "QE1", 1, 0.5, 10_000.0 / 15_000);
        assertParticipation(streams, "Y62", 1, 1.0 / 3, 10_000.0 / 21_000);
        assertParticipation(streams, "ENG", 1, 0.25, 0.4);

        // and: the North West region's webhook hears, signed, that QE1 crossed the participation warning (QE1 also
        // crosses the patients-covered rule, 0.667 >= 0.5, which may come in the same delivery or another one)
        WebhookReceiver.Delivery delivery = awaitValue(() -> receiver.deliveries().stream()
                .filter(d -> participationAlert(d).isPresent()).findFirst(), Duration.ofSeconds(30));
        System.out.printf("notice POST -> signed webhook received: %d ms%n", (System.nanoTime() - posted) / 1_000_000);
        for (WebhookReceiver.Delivery each : receiver.deliveries()) {
            assertThat(each.signature()).isEqualTo(WebhookReceiver.sign(each.body(), SECRET));
        }
        JsonNode body = json(delivery.bodyText());
        assertThat(body.get("version").asString()).isEqualTo("4");
        assertThat(body.get("status").asString()).isEqualTo("firing");
        JsonNode alert = participationAlert(delivery).orElseThrow();
        assertThat(alert.get("labels").get("area").asString()).isEqualTo("QE1");
        assertThat(alert.get("labels").get("action").asString()).isEqualTo("STOP_ADVICE_AND_GUIDANCE");
        assertThat(alert.get("labels").get("severity").asString()).isEqualToIgnoringCase("warning");
        assertThat(alert.get("status").asString()).isEqualTo("firing");

        // and: unacknowledged, it is repeated once per repeat interval (2 s here) ...
        awaitValue(() -> participationDeliveries() >= 2 ? Optional.of(true) : Optional.empty(), Duration.ofSeconds(15));
        // ... until the region's on-call team acknowledges it; then no more repeats
        String alerts = "http://localhost:" + ports.alertsPort();
        JsonNode firing = json(get(alerts + "/api/v1/alerts?state=FIRING&area=QE1", "dev-region-Y62").body());
        String alertId = null;
        for (JsonNode each : firing) {
            if (each.get("indicator").asString().equals("participation_rate")) {
                alertId = each.get("alertId").asString();
            }
        }
        assertThat(alertId).as(firing.toString()).isNotNull();
        HttpResponse<String> ack = post(alerts + "/api/v1/alerts/" + alertId + "/ack", "dev-region-Y62",
                "{\"by\":\"Y62 on-call\",\"comment\":\"contingency plan live\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        int atAck = participationDeliveries();
        Thread.sleep(3 * AlertTiming.REPEAT_INTERVAL.toMillis());
        assertThat(participationDeliveries()).as("repeats after the acknowledgement").isEqualTo(atAck);
        assertThat(json(get(alerts + "/api/v1/alerts/" + alertId, "dev-region-Y62").body()).get("acknowledgedBy").asString())
                .isEqualTo("Y62 on-call");
    }

    private int participationDeliveries() {
        return (int) receiver.deliveries().stream().filter(d -> participationAlert(d).isPresent()).count();
    }

    private static Optional<JsonNode> participationAlert(WebhookReceiver.Delivery delivery) {
        for (JsonNode alert : json(delivery.bodyText()).get("alerts")) {
            if (alert.get("labels").get("indicator").asString().equals("participation_rate")) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    private void assertParticipation(String streams, String area, int practices, double rate, double covered) throws Exception {
        JsonNode participating = awaitValue(() -> indicator(streams, area, "participating_practices"), Duration.ofSeconds(10));
        assertThat(participating.get("value").asDouble()).as(area + " participating_practices").isEqualTo(practices);
        JsonNode participationRate = awaitValue(() -> indicator(streams, area, "participation_rate"), Duration.ofSeconds(10));
        assertThat(participationRate.get("value").asDouble()).as(area + " participation_rate").isCloseTo(rate, within(1e-9));
        JsonNode patientsCovered = awaitValue(() -> indicator(streams, area, "patients_covered_rate"), Duration.ofSeconds(10));
        assertThat(patientsCovered.get("value").asDouble()).as(area + " patients_covered_rate").isCloseTo(covered, within(1e-9));
        assertThat(patientsCovered.get("day").asString()).isEqualTo("2024-08-01");
        assertThat(patientsCovered.has("updatedAt")).isTrue();
    }

    private static Optional<JsonNode> indicator(String streams, String area, String name) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(streams + "/api/v1/areas/" + area
                            + "/indicators?day=2024-08-01")).header("Authorization", "Bearer " + ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            for (JsonNode value : json(response.body())) {
                if (value.get("indicator").asString().equals(name) && value.has("action")
                        && value.get("action").asString().equals("STOP_ADVICE_AND_GUIDANCE") && !value.get("value").isNull()
                        && value.get("value").asDouble() > 0) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    static <T> T awaitValue(Supplier<Optional<T>> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing arrived within " + timeout);
    }

    static HttpResponse<String> post(String url, String token, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
