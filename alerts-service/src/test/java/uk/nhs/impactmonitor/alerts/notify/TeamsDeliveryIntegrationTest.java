package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * Teams subscriptions end to end: made through the API (address policy as for webhooks, 400 naming {@code teams.url}),
 * kept encrypted on {@code alerts-subscriptions} and shown masked, and an alert arriving on a loopback "Teams" as an
 * Adaptive Card with its value, 95% interval, threshold and links.
 */
class TeamsDeliveryIntegrationTest extends AlertsServiceIntegrationSupport {

    /**
     * Later than any day the other tests of the shared context judge participation on: these settled report-based
     * values move the monitor's latest settled day S, and participation is judged up to S only.
     */
    private static final LocalDate DAY = LocalDate.of(2024, 11, 13);

    private String subscribeTeams(String area, String url) {
        AlertsApi.Response response = api.post("/api/v1/subscriptions", ADMIN, Map.of("area", area, "teams", Map.of("url", url)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("subscriptionId").asString();
    }

    @Test
    void shouldDeliverAdaptiveCardWithValueIntervalThresholdAndLinksWhenAnIcbCrossesAgDropoffRule() throws Exception {
        // given: a Teams channel subscribed to one ICB; the ICB's reporting completeness is 0.9 on 11-13 November 2024
        // (Monday to Wednesday; the rule needs 0.5)
        String icb = directory.areas().stream().filter(a -> a.kind() == uk.nhs.impactmonitor.domain.directory.AreaKind.ICB)
                .map(uk.nhs.impactmonitor.domain.directory.Area::code).sorted().toList().get(3);
        try (WebhookReceiver teams = new WebhookReceiver()) {
            String subscriptionId = subscribeTeams(icb, teams.url() + "?sig=teams-credential");
            try {
                for (LocalDate day = DAY.minusDays(2); !day.isAfter(DAY); day = day.plusDays(1)) {
                    indicators.send(Indicators.value(icb, day, Indicator.REPORTING_COMPLETENESS, null, null, 0.9, 100, 100));
                }

                // when: A&G drop-off 0.42 (interval 0.35 to 0.49) on 500 practice-days, three working days running (the
                // rule's for): WARNING, as 0.3 <= 0.42 < 0.6
                for (LocalDate day = DAY.minusDays(2); !day.isAfter(DAY); day = day.plusDays(1)) {
                    indicators.send(new uk.nhs.impactmonitor.domain.indicator.IndicatorValue(
                            uk.nhs.impactmonitor.domain.indicator.IndicatorValue.SCHEMA_VERSION, Indicator.AG_DROPOFF, null, null, icb, day,
                            0.42, 0.35, 0.49, false, 40, 500, Instant.now()));
                }

                // then
                String alertId = AlertIds.of("icb_ag_dropoff", icb, null, null);
                WebhookReceiver.Request request = teams.await(1, r -> r.json().findValues("url").stream()
                        .anyMatch(u -> u.asString().contains(alertId))).get(0);
                JsonNode card = request.json().get("attachments").get(0).get("content");
                assertThat(request.json().get("type").asString()).isEqualTo("message");
                assertThat(card.get("version").asString()).isEqualTo("1.4");
                List<String> facts = new ArrayList<>();
                card.get("body").findValues("facts").forEach(f -> f.forEach(fact -> facts.add(fact.get("title").asString() + ": "
                        + fact.get("value").asString())));
                assertThat(facts).contains("Indicator: ag_dropoff", "Value: 0.42 (95% interval 0.35 to 0.49)", "Threshold: 0.3 (WARNING)",
                        "Day: 2024-11-13");
                assertThat(facts).anyMatch(f -> f.startsWith("Area: ") && f.endsWith("(" + icb + ")"));
                List<String> urls = new ArrayList<>();
                card.findValues("url").forEach(u -> urls.add(u.asString()));
                assertThat(urls).contains("http://localhost:8082/#area=" + icb, "http://localhost:8083/api/v1/alerts/" + alertId + "/ack");

                // and: the URL is never in clear on the topic or in the API
                String listed = api.get("/api/v1/subscriptions", ADMIN).body();
                assertThat(listed).contains(subscriptionId).contains("http://127.0.0.1/***").doesNotContain("teams-credential");
                assertThat(api.get("/api/v1/subscriptions/" + subscriptionId, ADMIN).json().get("teams").get("url").asString())
                        .isEqualTo("http://127.0.0.1/***");
                String stored = latestValue(SubscriptionStore.TOPIC.name(), subscriptionId);
                assertThat(stored).contains("encryptedUrl").doesNotContain("teams-credential").doesNotContain(teams.url());
            } finally {
                // resolved, so no later test's subscription to the region hears of it
                indicators.send(new uk.nhs.impactmonitor.domain.indicator.IndicatorValue(
                        uk.nhs.impactmonitor.domain.indicator.IndicatorValue.SCHEMA_VERSION, Indicator.AG_DROPOFF, null, null, icb, DAY, 0.05,
                        0.0, 0.1, false, 40, 500, Instant.now()));
                awaitAlert(a -> a.get("area").asString().equals(icb) && a.get("rule").asString().equals("icb_ag_dropoff")
                        && a.get("state").asString().equals("RESOLVED"));
                api.delete("/api/v1/subscriptions/" + subscriptionId, ADMIN);
            }
        }
    }

    @Test
    void shouldAnswer400NamingTeamsUrlWhenTeamsUrlPointsAtMetadataService() {
        // when
        AlertsApi.Response response = api.post("/api/v1/subscriptions", ADMIN,
                Map.of("area", "Y56", "teams", Map.of("url", "http://169.254.169.254/latest/meta-data/")));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("teams.url").contains("metadata");
    }

    private String latestValue(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            String latest = null;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        latest = record.value();
                    }
                }
            }
            return latest;
        }
    }
}
