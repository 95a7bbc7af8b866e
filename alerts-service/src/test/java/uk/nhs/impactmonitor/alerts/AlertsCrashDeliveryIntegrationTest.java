package uk.nhs.impactmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.dispatch.Dispatcher;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.notify.DedupKey;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * alerts-service stopped hard while deliveries are in flight (the receivers have the messages but have not
 * answered; the context closes and interrupts the delivery threads, so nothing of them is recorded) and started
 * again on the same broker. Every alert reaches every subscription at least once; the only notifications a
 * receiver sees twice are those that were in flight at the stop, and they come again with the same dedup key,
 * so a receiver that keeps the keys it has seen drops them; everything recorded before the stop is not sent again.
 * A graceful stop (shutdown-grace) waits for deliveries in flight, so they are recorded and not sent again.
 */
@EmbeddedKafka(partitions = 1, topics = "impact-indicators")
class AlertsCrashDeliveryIntegrationTest {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 5);
    private static final List<String> PATHS = List.of("/s1", "/s2", "/s3");

    private static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String shutdownGrace) {
        return AlertsServiceApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--monitor.security.dev-credentials=true",
                "--monitor.alerts.group-wait=0s",
                "--monitor.alerts.tick-interval=50ms",
                "--monitor.alerts.repeat-interval=1h",
                // a held request must stay in flight until the stop, not time out and be retried first
                "--monitor.alerts.delivery.request-timeout=60s",
                "--monitor.alerts.delivery.shutdown-grace=" + shutdownGrace);
    }

    private static String alertId(CollectiveAction action) {
        return AlertIds.of("icb_participation", "QKK", action, null);
    }

    @Test
    void shouldDeliverEveryAlertAtLeastOnceAndRepeatOnlyInFlightOnesWithSameDedupKeyWhenStoppedMidDelivery(EmbeddedKafkaBroker broker)
            throws Exception {
        String a1 = alertId(CollectiveAction.STOP_ADVICE_AND_GUIDANCE);
        String a2 = alertId(CollectiveAction.CAP_DAILY_CONTACTS);
        String a3 = alertId(CollectiveAction.DEFER_PILOTS);
        String a4 = alertId(CollectiveAction.SWITCH_OFF_GPCONNECT_CODING);
        try (WebhookReceiver receiver = new WebhookReceiver(); Indicators indicators = new Indicators(broker.getBrokersAsString())) {
            String base = receiver.url().replace("/hook", "");
            Map<String, String> subscriptionOfPath = new LinkedHashMap<>();
            int inFlightFrom;
            int inFlightTo;
            // a hard stop: the context closes without waiting for deliveries in flight
            try (ConfigurableApplicationContext first = start(broker, "0s")) {
                AlertsApi api = api(first);
                for (String path : PATHS) {
                    AlertsApi.Response subscribed = api.post("/api/v1/subscriptions", "dev-admin",
                            Map.of("area", "Y56", "webhook", Map.of("url", base + path, "secret", "crash-secret" + path)));
                    assertThat(subscribed.status()).isEqualTo(201);
                    subscriptionOfPath.put(path, subscribed.json().get("subscriptionId").asString());
                }

                // given: A1 delivered to the three subscriptions and recorded in the notification log
                indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, 0.6));
                NotificationLog log = first.getBean(NotificationLog.class);
                awaitTrue(() -> subscriptionOfPath.values().stream().allMatch(id -> log.find(id + "/webhook", a1).isPresent()),
                        "A1 recorded for every subscription");

                // when: the receivers take the next messages but do not answer, and the service is stopped meanwhile
                receiver.hold();
                inFlightFrom = receiver.requests().size();
                indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.CAP_DAILY_CONTACTS, 0.6));
                indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.DEFER_PILOTS, 0.7));
                for (String path : PATHS) {
                    receiver.await(1, r -> r.path().equals(path) && fingerprints(r).contains(a2));
                }
            }
            inFlightTo = receiver.requests().size();
            receiver.release();
            // and A4 crosses while the service is down
            indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, 0.8));

            try (ConfigurableApplicationContext second = start(broker, "0s")) {
                // the in-flight A2 comes again after the restart, with A3 and A4
                int restartedAt = inFlightTo;
                for (String path : PATHS) {
                    for (String alert : List.of(a2, a3, a4)) {
                        awaitTrue(() -> {
                            List<WebhookReceiver.Request> all = receiver.requests();
                            return all.subList(restartedAt, all.size()).stream()
                                    .anyMatch(r -> r.path().equals(path) && fingerprints(r).contains(alert));
                        }, alert + " at " + path + " after the restart");
                    }
                }
                // 20 more dispatch ticks, each having looked at everything, and nothing left in flight: anything sent twice
                // by mistake has been sent by then (counted, not timed: a slow machine only makes it wait longer)
                awaitQuiet(second.getBean(Dispatcher.class));
            }

            // then
            List<WebhookReceiver.Request> all = receiver.requests();
            assertThat(inFlightTo - inFlightFrom).as("messages in flight at the stop").isEqualTo(PATHS.size());
            Set<String> inFlightKeys = new java.util.HashSet<>();
            for (WebhookReceiver.Request r : all.subList(inFlightFrom, inFlightTo)) {
                inFlightKeys.addAll(keys(r));
            }
            Map<String, List<JsonNode>> byKey = new HashMap<>();
            Map<String, Set<String>> keysOfPathAndAlert = new HashMap<>();
            for (WebhookReceiver.Request r : all) {
                // the message's key is its group's and its alerts' keys (DedupKey's javadoc), so a message sent again
                // unchanged carries the same one; worked out here from the message itself, not by DedupKey
                assertThat(r.idempotencyKey()).as("Idempotency-Key header").isEqualTo(messageKey(r));
                for (JsonNode alert : r.json().get("alerts")) {
                    String key = alert.get("annotations").get(DedupKey.ANNOTATION).asString();
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(alert);
                    keysOfPathAndAlert.computeIfAbsent(r.path() + " " + alert.get("fingerprint").asString(), k -> new java.util.HashSet<>())
                            .add(key);
                }
            }
            // every alert reached every subscription, and under one key each: a receiver deduplicating on it sees it once
            for (String path : PATHS) {
                for (String alert : List.of(a1, a2, a3, a4)) {
                    assertThat(keysOfPathAndAlert.get(path + " " + alert)).as(path + " " + alert).hasSize(1);
                }
            }
            // a message in flight at the stop that came again with the same alerts came with the same Idempotency-Key
            for (WebhookReceiver.Request inFlight : all.subList(inFlightFrom, inFlightTo)) {
                List<String> again = all.subList(inFlightTo, all.size()).stream()
                        .filter(r -> r.path().equals(inFlight.path()) && keys(r).equals(keys(inFlight)))
                        .map(WebhookReceiver.Request::idempotencyKey).toList();
                assertThat(again).as("Idempotency-Key of the resend of " + inFlight.path()).allMatch(inFlight.idempotencyKey()::equals);
            }
            // what was in flight came again (at least once), identical, under the same key; nothing else came twice
            Map<String, Integer> counts = byKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
            for (String key : inFlightKeys) {
                assertThat(counts.get(key)).as("in-flight key " + key).isEqualTo(2);
                assertThat(byKey.get(key).get(1)).isEqualTo(byKey.get(key).get(0));
            }
            counts.forEach((key, count) -> {
                if (!inFlightKeys.contains(key)) {
                    assertThat(count).as("key " + key + " (not in flight at the stop)").isEqualTo(1);
                }
            });
            // A1, recorded before the stop, was not sent again after it
            assertThat(all.subList(inFlightTo, all.size()).stream().flatMap(r -> fingerprints(r).stream())).doesNotContain(a1);
        }
    }

    @Test
    void shouldFinishAndRecordDeliveryInFlightWhenStoppedGracefully(EmbeddedKafkaBroker broker) throws Exception {
        // given: a subscription of another region than the other test's, and a receiver that holds what it takes
        String alertId = AlertIds.of("icb_participation", "QHM", CollectiveAction.END_VOLUNTARY_SERVICES, null);
        try (WebhookReceiver receiver = new WebhookReceiver(); Indicators indicators = new Indicators(broker.getBrokersAsString())) {
            ConfigurableApplicationContext context = start(broker, "30s");
            String subscriptionId;
            try {
                AlertsApi.Response subscribed = api(context).post("/api/v1/subscriptions", "dev-admin",
                        Map.of("area", "Y63", "webhook", Map.of("url", receiver.url(), "secret", "graceful-secret-1")));
                assertThat(subscribed.status()).isEqualTo(201);
                subscriptionId = subscribed.json().get("subscriptionId").asString();
                receiver.hold();
                indicators.send(Indicators.participation("QHM", DAY, CollectiveAction.END_VOLUNTARY_SERVICES, 0.6));
                receiver.await(1, r -> fingerprints(r).contains(alertId));

                // when: the service is stopped while the delivery is in flight, and the receiver answers a little later
                java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture.runAsync(context::close);
                // without the wait, the close runs to its end, shutting the delivery threads down on the way (which
                // interrupts the delivery: nothing recorded); with it, the close cannot end while the receiver holds on
                Instant deadline = Instant.now().plus(Duration.ofSeconds(8));
                while (!closing.isDone() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(20);
                }
                assertThat(closing).as("the close waits for the delivery in flight").isNotDone();
                receiver.release();
                closing.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                receiver.release();
                context.close();
            }

            // then: the stop waited for it, so it was recorded as delivered and will not be sent again
            assertThat(notificationLogKeys(broker)).contains(subscriptionId + "/webhook|" + alertId);
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    private static Set<String> notificationLogKeys(EmbeddedKafkaBroker broker) {
        Set<String> keys = new java.util.HashSet<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition("alerts-notification-log", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static List<String> fingerprints(WebhookReceiver.Request request) {
        List<String> fingerprints = new ArrayList<>();
        request.json().get("alerts").forEach(a -> fingerprints.add(a.get("fingerprint").asString()));
        return fingerprints;
    }

    /** The dispatcher has completed 20 more ticks and has no delivery in flight. */
    static void awaitQuiet(Dispatcher dispatcher) throws InterruptedException {
        long target = dispatcher.ticks() + 20;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dispatcher.ticks() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the dispatcher did not tick 20 times within 60 s");
            }
            Thread.sleep(10);
        }
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(60))).as("no delivery in flight").isTrue();
    }

    /** SHA-256 of the group key and the alerts' keys, one a line, its first 16 bytes in hex. */
    private static String messageKey(WebhookReceiver.Request request) throws java.security.NoSuchAlgorithmException {
        String text = request.json().get("groupKey").asString() + "\n" + String.join("\n", keys(request));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest, 0, 16);
    }

    private static List<String> keys(WebhookReceiver.Request request) {
        List<String> keys = new ArrayList<>();
        request.json().get("alerts").forEach(a -> keys.add(a.get("annotations").get(DedupKey.ANNOTATION).asString()));
        return keys;
    }

    private static AlertsApi api(ConfigurableApplicationContext context) {
        return new AlertsApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
