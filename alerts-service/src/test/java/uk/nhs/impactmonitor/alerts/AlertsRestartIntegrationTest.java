package uk.nhs.impactmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * alerts-service stopped mid-stream and started again on the same broker: the alert that fired before is the
 * same alert after (same episode), the one that crossed while it was down is heard, and nothing is sent
 * twice. Both runs are the real application, built by {@link AlertsServiceApplication#builder()}.
 */
@EmbeddedKafka(partitions = 1, topics = "impact-indicators")
class AlertsRestartIntegrationTest {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 1);
    private static final String SECRET = "restart-secret-1";
    private static final String SECRET_KEY = java.util.Base64.getEncoder().encodeToString("restart-test-key-0123456789abcde".getBytes());

    private static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker) {
        // arguments, not builder properties: those are defaults, which alerts-service.yml overrides
        return AlertsServiceApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--monitor.security.dev-credentials=true",
                "--monitor.alerts.group-wait=0s",
                "--monitor.alerts.tick-interval=50ms",
                "--monitor.alerts.repeat-interval=1h",
                "--monitor.alerts.webhooks.secret-key=" + SECRET_KEY);
    }

    private static AlertsApi api(ConfigurableApplicationContext context) {
        return new AlertsApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void shouldLoseNoAlertAndSendNothingTwiceWhenRestartedMidStream(EmbeddedKafkaBroker broker) throws Exception {
        String before = AlertIds.of("icb_participation", "QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null);
        String whileDown = AlertIds.of("icb_participation", "QKK", CollectiveAction.CAP_DAILY_CONTACTS, null);
        try (WebhookReceiver receiver = new WebhookReceiver(); Indicators indicators = new Indicators(broker.getBrokersAsString())) {
            // given: a first run subscribes London and hears QKK cross the rule
            String firstStartsAt;
            String silenceId;
            try (ConfigurableApplicationContext first = start(broker)) {
                AlertsApi api = api(first);
                assertThat(api.post("/api/v1/subscriptions", "dev-region-Y56",
                        Map.of("area", "Y56", "webhook", Map.of("url", receiver.url(), "secret", SECRET))).status()).isEqualTo(201);
                AlertsApi.Response silenced = api.post("/api/v1/silences", "dev-region-Y56", Map.of("matchers",
                        Map.of("area", "QKK", "rule", "icb_referral_rise"), "until", Instant.now().plus(Duration.ofDays(1)).toString(),
                        "by", "London on-call", "comment", "referral feed being fixed"));
                assertThat(silenced.status()).isEqualTo(201);
                silenceId = silenced.json().get("silenceId").asString();
                indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, 0.6));
                receiver.await(1, r -> fingerprints(r).contains(before));
                receiver.await(1, r -> fingerprints(r).contains("silence-" + silenceId));
                firstStartsAt = alert(api, before).get("startsAt").asString();
            }

            // when: QKK crosses a second rule while the service is down, and the service starts again
            indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.CAP_DAILY_CONTACTS, 0.7));
            try (ConfigurableApplicationContext second = start(broker)) {
                AlertsApi api = api(second);

                // then: the alert raised while down is heard (the subscription survived too)
                receiver.await(1, r -> fingerprints(r).contains(whileDown));
                // the first alert is the same episode, not raised again
                assertThat(alert(api, before).get("startsAt").asString()).isEqualTo(firstStartsAt);
                assertThat(alert(api, before).get("state").asString()).isEqualTo("FIRING");
                // and each alert, and the notice of the silence, was sent exactly once over both runs: the
                // message carrying the second alert would also carry the others, had the log been forgotten (and
                // nothing comes later: 20 dispatch ticks with nothing in flight, counted, not timed)
                AlertsCrashDeliveryIntegrationTest.awaitQuiet(second.getBean(uk.nhs.impactmonitor.alerts.dispatch.Dispatcher.class));
                List<String> sent = new ArrayList<>();
                receiver.requests().forEach(r -> sent.addAll(fingerprints(r)));
                assertThat(sent).containsExactlyInAnyOrder(before, "silence-" + silenceId, whileDown);
                assertThat(sent.get(sent.size() - 1)).isEqualTo(whileDown);
                // the secret is encrypted on the topic, yet deliveries after the restart are signed with it
                assertThat(rawSubscriptions(broker)).contains("encryptedSecret").doesNotContain(SECRET);
                receiver.requests().forEach(r -> assertThat(uk.nhs.impactmonitor.alerts.notify.Signature.verify(r.body(), SECRET,
                        r.signature())).isTrue());
                // the silence survived, with who and why
                assertThat(api.get("/api/v1/silences", "dev-region-Y56").body()).contains(silenceId).contains("referral feed being fixed");
            }
        }
    }

    /** Everything on alerts-subscriptions, as bytes read back as text. */
    private static String rawSubscriptions(EmbeddedKafkaBroker broker) {
        StringBuilder all = new StringBuilder();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.of(
                "bootstrap.servers", broker.getBrokersAsString()), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition("alerts-subscriptions", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.append(r.value()).append('\n'));
            }
        }
        return all.toString();
    }

    private static List<String> fingerprints(WebhookReceiver.Request request) {
        List<String> fingerprints = new ArrayList<>();
        request.json().get("alerts").forEach(a -> fingerprints.add(a.get("fingerprint").asString()));
        return fingerprints;
    }

    private static JsonNode alert(AlertsApi api, String alertId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            AlertsApi.Response response = api.get("/api/v1/alerts/" + alertId, "dev-admin");
            if (response.status() == 200) {
                return response.json();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("alert " + alertId + " not shown within 30s");
    }
}
