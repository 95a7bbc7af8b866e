package uk.nhs.impactmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import uk.nhs.impactmonitor.alerts.config.AlertsTopics;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.alerts.dispatch.Dispatcher;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * A poison record on every topic alerts-service reads (its input impact-indicators and the four compacted state
 * topics read back at start-up), both kinds: bytes that are not JSON, and JSON that breaks the record's rules.
 * Each goes to {@code <topic>.dlq} with the reason in its headers, once (not again at the next start), and the
 * valid record after it on the same topic still takes effect.
 */
@EmbeddedKafka(partitions = 1, topics = "impact-indicators")
class AlertsPoisonRecordIntegrationTest {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 6);
    private static final byte[] NOT_JSON = {(byte) 0xff, 0x00, '{', 'n', 'o', 't'};
    private static final String SECRET = "poison-secret-1";

    private static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--monitor.security.dev-credentials=true",
                "--monitor.alerts.group-wait=0s",
                "--monitor.alerts.tick-interval=50ms",
                "--monitor.alerts.repeat-interval=1h"));
        args.addAll(List.of(more));
        return AlertsServiceApplication.builder().run(args.toArray(String[]::new));
    }

    @Test
    void shouldDeadLetterPoisonRecordsOfEveryTopicReadOnceWithReasonAndActOnTheRecordsAfterThem(EmbeddedKafkaBroker broker)
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String restoredAlert = AlertIds.of("icb_participation", "QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null);
        String newAlert = AlertIds.of("icb_participation", "QKK", CollectiveAction.CAP_DAILY_CONTACTS, null);
        Instant startsAt = now.minus(Duration.ofMinutes(10));
        for (Topic<String, ?> topic : AlertsTopics.OWN) {
            broker.addTopics(new NewTopic(topic.name(), 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        }
        try (WebhookReceiver receiver = new WebhookReceiver();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.getBrokersAsString(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            // given: on each topic, unreadable bytes, then readable JSON that breaks the record's rules, then a good record
            Subscription subscription = new Subscription(Subscription.SCHEMA_VERSION, "sub-ok", "Y56",
                    new Subscription.Webhook(receiver.url(), SECRET), null, false, "admin", now.minus(Duration.ofHours(1)));
            poison(producer, AlertsTopics.SUBSCRIPTIONS.name(), "{\"schemaVersion\":1,\"subscriptionId\":\"bad-json\",\"escalation\":false,\"createdAt\":\"" + now + "\"}");
            send(producer, AlertsTopics.SUBSCRIPTIONS, "sub-ok", subscription);

            Silence silence = new Silence(Silence.SCHEMA_VERSION, "sil-ok", new Silence.Matchers("icb_referral_rise", "QKK", null),
                    now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)), "London on-call", "feed being fixed",
                    now.minus(Duration.ofMinutes(1)), null);
            poison(producer, AlertsTopics.SILENCES.name(), "{\"schemaVersion\":1,\"silenceId\":\"bad-json\",\"matchers\":{}}");
            send(producer, AlertsTopics.SILENCES, "sil-ok", silence);

            Alert alert = new Alert(AlertStateChange.SCHEMA_VERSION, restoredAlert, "icb_participation", Indicator.PARTICIPATION_RATE,
                    CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null, "QKK", Severity.WARNING, AlertState.FIRING, 0.6, 0.5, startsAt, DAY,
                    null, null, startsAt, startsAt, null, null, null, null, startsAt);
            poison(producer, AlertsTopics.ALERTS.name(), "{\"schemaVersion\":1,\"alertId\":\"bad-json\",\"state\":\"FIRING\"}");
            send(producer, AlertsTopics.ALERTS, restoredAlert, alert);

            NotificationRecord delivered = new NotificationRecord(NotificationRecord.SCHEMA_VERSION, "sub-ok/webhook", restoredAlert,
                    AlertState.FIRING, Severity.WARNING, startsAt, now, 1);
            poison(producer, AlertsTopics.NOTIFICATION_LOG.name(), "{\"schemaVersion\":1,\"receiver\":\"sub-ok/webhook\",\"sends\":1}");
            send(producer, AlertsTopics.NOTIFICATION_LOG, delivered.key(), delivered);

            String badValue = new String(Topics.IMPACT_INDICATORS.valueSerde().serializer().serialize("impact-indicators",
                    Indicators.participation("QKK", DAY, CollectiveAction.DEFER_PILOTS, 0.9)), StandardCharsets.UTF_8)
                    .replace("\"area\":\"QKK\"", "\"area\":null");
            poison(producer, Topics.IMPACT_INDICATORS.name(), badValue);
            producer.send(new ProducerRecord<>(Topics.IMPACT_INDICATORS.name(), "QKK/good",
                    Topics.IMPACT_INDICATORS.valueSerde().serializer().serialize("impact-indicators",
                            Indicators.participation("QKK", DAY, CollectiveAction.CAP_DAILY_CONTACTS, 0.6)))).get(30, TimeUnit.SECONDS);

            // when
            try (ConfigurableApplicationContext first = start(broker)) {
                AlertsApi api = api(first);

                // then: the good records after the poison took effect: the subscription hears the alert from the
                // indicator and the notice of the silence; the restored alert is shown, and not sent again (its log record holds)
                receiver.await(1, r -> fingerprints(r).contains(newAlert));
                receiver.await(1, r -> fingerprints(r).contains("silence-sil-ok"));
                assertThat(api.get("/api/v1/alerts/" + restoredAlert, "dev-admin").json().get("startsAt").asString())
                        .isEqualTo(startsAt.toString());
                assertThat(api.get("/api/v1/silences", "dev-admin").body()).contains("sil-ok").doesNotContain("bad-json");
                assertThat(api.get("/api/v1/subscriptions", "dev-admin").body()).contains("sub-ok").doesNotContain("bad-json");
                // nothing else is sent: counted in dispatch ticks with nothing in flight, not timed
                AlertsCrashDeliveryIntegrationTest.awaitQuiet(first.getBean(Dispatcher.class));
                List<String> sent = new ArrayList<>();
                receiver.requests().forEach(r -> sent.addAll(fingerprints(r)));
                assertThat(sent).containsExactlyInAnyOrder(newAlert, "silence-sil-ok");
            }
            Map<String, List<ConsumerRecord<String, byte[]>>> dead = deadLetters(broker, 10);
            for (String topic : List.of("impact-indicators", "alerts-subscriptions", "alerts-silences", "impact-alerts",
                    "alerts-notification-log")) {
                List<ConsumerRecord<String, byte[]>> records = dead.get(topic + ".dlq");
                assertThat(records).as(topic + ".dlq").hasSize(2);
                assertThat(records).allSatisfy(r -> assertThat(header(r, "dlq.source.topic")).isEqualTo(topic));
                assertThat(records.get(0).key()).isEqualTo("bad-bytes");
                assertThat(header(records.get(0), "dlq.reason")).as(topic).startsWith("not a readable");
                assertThat(records.get(1).key()).isEqualTo("bad-json");
                // readable JSON, so the reason is the rule it breaks, not the parser's complaint
                assertThat(header(records.get(1), "dlq.reason")).as(topic).contains("required").doesNotContain("not a readable");
            }

            // and when started again, now with a key for webhook secrets, nothing is dead-lettered twice, and the
            // secret stored in clear is rewritten encrypted
            try (ConfigurableApplicationContext second = start(broker, "--monitor.alerts.webhooks.secret-key="
                    + java.util.Base64.getEncoder().encodeToString("poison-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8)))) {
                awaitHealthy(api(second));
            }
            assertThat(deadLetters(broker, 10).values().stream().mapToInt(List::size).sum()).isEqualTo(10);
            String latestSubOk = latestValue(broker, AlertsTopics.SUBSCRIPTIONS.name(), "sub-ok");
            assertThat(latestSubOk).contains("encryptedSecret").doesNotContain(SECRET);
        }
    }

    private static void poison(KafkaProducer<String, byte[]> producer, String topic, String invalidJson) throws Exception {
        producer.send(new ProducerRecord<>(topic, "bad-bytes", NOT_JSON)).get(30, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(topic, "bad-json", invalidJson.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }

    private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)))
                .get(30, TimeUnit.SECONDS);
    }

    /** Every record of the five dead-letter topics, read from the beginning (waits until {@code expected} are there). */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters(EmbeddedKafkaBroker broker, int expected) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of("impact-indicators", "alerts-subscriptions", "alerts-silences", "impact-alerts",
                    "alerts-notification-log").stream().map(t -> new TopicPartition(t + ".dlq", 0)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            int count = 0;
            while (Instant.now().isBefore(deadline) && (count < expected || consumer.endOffsets(partitions).entrySet().stream()
                    .anyMatch(e -> consumer.position(e.getKey()) < e.getValue()))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
                    count++;
                }
            }
        }
        return byTopic;
    }

    /** The latest value of a key on a topic, as text. */
    private static String latestValue(EmbeddedKafkaBroker broker, String topic, String key) {
        String latest = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        latest = new String(record.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return latest;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<String> fingerprints(WebhookReceiver.Request request) {
        List<String> fingerprints = new ArrayList<>();
        request.json().get("alerts").forEach(a -> fingerprints.add(a.get("fingerprint").asString()));
        return fingerprints;
    }

    private static AlertsApi api(ConfigurableApplicationContext context) {
        return new AlertsApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static void awaitHealthy(AlertsApi api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (api.get("/actuator/health", "dev-admin").status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not healthy within 30s");
            }
            Thread.sleep(50);
        }
    }
}
