package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Forwarding to a real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, started by the
 * test on loopback), and the alert read back from its API. Skipped, saying why, where it is not installed.
 */
@SpringBootTest(properties = {
        "spring.config.name=alerts-service",
        "server.port=0",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "monitor.alerts.group-wait=0s",
        "monitor.alerts.tick-interval=50ms",
        // no development credentials here, so webhook secrets need a key (the service refuses to start without one)
        "monitor.alerts.webhooks.secret-key=YWxlcnRtYW5hZ2VyLXRlc3Qta2V5LTAxMjM0NTY3ODk="})
@EmbeddedKafka(partitions = 1, topics = "impact-indicators")
class AlertmanagerForwardingIntegrationTest {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static Process alertmanager;
    private static Path workDir;
    private static int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @BeforeAll
    static void requireAlertmanager() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "skipped: " + BINARY + " is not installed (apt-get install prometheus-alertmanager; .ci/run installs it)");
    }

    @DynamicPropertySource
    static void alertmanagerUrl(DynamicPropertyRegistry registry) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            return;
        }
        port = freePort();
        workDir = Files.createTempDirectory("alertmanager-test");
        Path config = workDir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                  group_wait: 1s
                receivers:
                  - name: blackhole
                """);
        alertmanager = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("alertmanager.log").toFile())
                .start();
        awaitReady();
        registry.add("monitor.alerts.alertmanager.url", () -> "http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    @Test
    void shouldForwardFiringAlertToAlertmanagerWhenConfigured() throws Exception {
        // given
        try (Indicators indicators = new Indicators(broker.getBrokersAsString())) {
            // when
            indicators.send(Indicators.participation("QKK", LocalDate.of(2024, 8, 1), CollectiveAction.STOP_ADVICE_AND_GUIDANCE, 0.6));

            // then: Alertmanager holds it, active, with our labels
            JsonNode alert = awaitAlert("icb_participation", "QKK");
            assertThat(alert.get("labels").get("indicator").asString()).isEqualTo("participation_rate");
            assertThat(alert.get("labels").get("action").asString()).isEqualTo("STOP_ADVICE_AND_GUIDANCE");
            assertThat(alert.get("labels").get("severity").asString()).isEqualTo("warning");
            assertThat(alert.get("annotations").get("alertId").asString())
                    .isEqualTo(AlertIds.of("icb_participation", "QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null));
            assertThat(alert.get("status").get("state").asString()).isEqualTo("active");
        }
    }

    private static JsonNode awaitAlert(String alertname, String area) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode alert : Json.MAPPER.readTree(response.body())) {
                if (alertname.equals(alert.get("labels").get("alertname").asString()) && area.equals(alert.get("labels").get("area").asString())) {
                    return alert;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Alertmanager did not show " + alertname + " for " + area + " within 30s");
    }

    private static void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!alertmanager.isAlive()) {
                throw new AssertionError("Alertmanager exited: " + Files.readString(workDir.resolve("alertmanager.log")));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Alertmanager not ready within 30s: " + Files.readString(workDir.resolve("alertmanager.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
