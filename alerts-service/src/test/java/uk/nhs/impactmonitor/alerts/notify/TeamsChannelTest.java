package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.support.AlertsSettings;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;

/** Teams deliveries against a loopback receiver: the Adaptive Card api.md gives, retries as for a webhook, the address policy. */
class TeamsChannelTest {

    private static final DeliveryProperties DELIVERY = AlertsSettings.bind(Map.of("delivery.connect-timeout", "2s",
            "delivery.request-timeout", "5s", "delivery.initial-backoff", "1ms", "delivery.max-backoff", "2ms")).delivery();
    private static final WebhookUrlPolicy LOOPBACK_ALLOWED = new WebhookUrlPolicy(AlertsSettings.defaults().webhooks(), true);
    private static final String PAGE = "https://monitor.example.nhs.uk/";

    private static Receiver receiver(String url) {
        return Receiver.teams(new Subscription(Subscription.SCHEMA_VERSION, "sub-teams", "Y56", null, null, new Subscription.Teams(url), false,
                "admin", Instant.EPOCH));
    }

    /** A firing A&G drop-off alert of QKK (an ICB of London) as the render stage writes it: 0.42, interval 0.35 to 0.49. */
    private static WebhookMessage message() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "icb_ag_dropoff");
        labels.put("area", "QKK");
        labels.put("indicator", "ag_dropoff");
        labels.put("severity", "warning");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "ag_dropoff is 0.42 in NHS South East London ICB on 2024-08-01 (WARNING threshold 0.3)");
        annotations.put("alertId", "a1b2c3");
        annotations.put("areaName", "NHS South East London ICB");
        annotations.put("value", "0.42");
        annotations.put("low", "0.35");
        annotations.put("high", "0.49");
        annotations.put("threshold", "0.3");
        annotations.put("day", "2024-08-01");
        WebhookMessage.WebhookAlert alert = new WebhookMessage.WebhookAlert("firing", labels, annotations,
                Instant.parse("2024-08-02T09:00:00Z"), WebhookMessage.NOT_ENDED, "http://alerts.example/api/v1/alerts?area=QKK", "a1b2c3");
        return new WebhookMessage("4", "{}:{receiver=\"sub-teams/teams\"}", 0, "firing", "sub-teams/teams", Map.of("area", "Y56"), labels,
                annotations, "http://alerts.example", List.of(alert));
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        node.findValues("text").forEach(t -> texts.add(t.asString()));
        return texts;
    }

    @Test
    void shouldPostAdaptiveCardWithValueIntervalThresholdAndLinksWhenReceiverAccepts() throws Exception {
        // given: Teams Workflows answers 202 Accepted
        try (WebhookReceiver teams = new WebhookReceiver(202)) {
            TeamsChannel channel = new TeamsChannel(DELIVERY, LOOPBACK_ALLOWED, PAGE);

            // when
            channel.deliver(receiver(teams.url()), message());

            // then
            WebhookReceiver.Request request = teams.await(1).get(0);
            assertThat(request.contentType()).startsWith("application/json");
            assertThat(request.signature()).isNull();
            JsonNode body = request.json();
            assertThat(body.get("type").asString()).isEqualTo("message");
            JsonNode attachment = body.get("attachments").get(0);
            assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
            JsonNode card = attachment.get("content");
            assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
            assertThat(card.get("version").asString()).isEqualTo("1.4");
            assertThat(texts(card.get("body"))).contains("[FIRING:1] Y56 — 1 alert(s)",
                    "[FIRING] WARNING ag_dropoff is 0.42 in NHS South East London ICB on 2024-08-01 (WARNING threshold 0.3)");
            Map<String, String> facts = new LinkedHashMap<>();
            card.get("body").findValues("facts").forEach(f -> f.forEach(fact -> facts.put(fact.get("title").asString(), fact.get("value").asString())));
            assertThat(facts).containsEntry("Area", "NHS South East London ICB (QKK)")
                    .containsEntry("Indicator", "ag_dropoff")
                    .containsEntry("Value", "0.42 (95% interval 0.35 to 0.49)")
                    .containsEntry("Threshold", "0.3 (WARNING)")
                    .containsEntry("Since", "2024-08-02T09:00:00Z");
            List<String> urls = new ArrayList<>();
            card.findValues("url").forEach(u -> urls.add(u.asString()));
            assertThat(urls).contains("https://monitor.example.nhs.uk/#area=QKK", "https://monitor.example.nhs.uk/#area=Y56",
                    "http://alerts.example/api/v1/alerts/a1b2c3/ack");
            assertThat(card.get("actions").get(0).get("type").asString()).isEqualTo("Action.OpenUrl");
        }
    }

    @Test
    void shouldRetryAfter5xxAndNeverAfter400WhenDeliveredThroughTheDeliverer() throws Exception {
        // given: one receiver down twice (503), one refusing the card (400)
        try (WebhookReceiver flaky = new WebhookReceiver(503, 503, 202); WebhookReceiver refusing = new WebhookReceiver(400, 400)) {
            Deliverer deliverer = new Deliverer(Map.of(Receiver.TEAMS, new TeamsChannel(DELIVERY, LOOPBACK_ALLOWED, PAGE)), DELIVERY,
                    new SimpleMeterRegistry(), duration -> { });

            // when
            boolean recovered = deliverer.deliver(receiver(flaky.url()), message());
            boolean refused = deliverer.deliver(receiver(refusing.url()), message());

            // then
            assertThat(recovered).isTrue();
            assertThat(flaky.requests()).extracting(WebhookReceiver.Request::status).containsExactly(503, 503, 202);
            assertThat(refused).isFalse();
            assertThat(refusing.requests()).hasSize(1);
        }
    }

    @Test
    void shouldWaitWhatRetryAfterSaysWhenTeamsAnswers429ThenAcceptsOnTheNextAttempt() throws Exception {
        // given: Teams throttles once ("429, Retry-After: 3"), then accepts; backoff would be 1 ms, at most 10 s
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "3");
                exchange.sendResponseHeaders(429, -1);
            } else {
                exchange.sendResponseHeaders(202, -1);
            }
            exchange.close();
        });
        server.start();
        try {
            DeliveryProperties delivery = AlertsSettings.bind(Map.of("delivery.initial-backoff", "1ms", "delivery.max-backoff", "10s")).delivery();
            List<java.time.Duration> waits = new ArrayList<>();
            Deliverer deliverer = new Deliverer(Map.of(Receiver.TEAMS, new TeamsChannel(delivery, LOOPBACK_ALLOWED, PAGE)), delivery,
                    new SimpleMeterRegistry(), waits::add);

            // when
            boolean delivered = deliverer.deliver(receiver("http://127.0.0.1:" + server.getAddress().getPort() + "/workflows"), message());

            // then: one wait, of the 3 s asked, not the 1 ms backoff
            assertThat(delivered).isTrue();
            assertThat(calls.get()).isEqualTo(2);
            assertThat(waits).containsExactly(java.time.Duration.ofSeconds(3));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldRefuseWithoutPostingAndWithoutShowingTheUrlWhenPolicyRefusesLoopback() {
        // given: loopback not allowed (a deployment)
        TeamsChannel channel = new TeamsChannel(DELIVERY, new WebhookUrlPolicy(AlertsSettings.defaults().webhooks(), false), PAGE);

        // when / then
        assertThatThrownBy(() -> channel.deliver(receiver("http://127.0.0.1:9/workflows/x?sig=s3cret"), message()))
                .isInstanceOf(DeliveryException.class).hasMessageContaining("loopback").hasMessageNotContaining("s3cret")
                .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
    }
}
