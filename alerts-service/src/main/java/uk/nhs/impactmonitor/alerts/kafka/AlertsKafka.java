package uk.nhs.impactmonitor.alerts.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.DisposableBean;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.kafka.DeadLetterWriter;
import uk.nhs.impactmonitor.kafka.ReplayReader;

/**
 * The service's own Kafka clients. State lives in compacted topics (alerts, subscriptions, silences, the
 * notification log), so writes are synchronous: nothing is acted on, or answered to a caller, before Kafka
 * has it. No client id is fixed, so three services in one JVM never clash on JMX names.
 */
public class AlertsKafka implements DisposableBean {

    // long enough for a broker's leader election, short enough for an HTTP caller to be told to retry
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    /** Keeps only how far each state topic was read back, so a bad record is dead-lettered once, not at every start. */
    public static final String STATE_GROUP_ID = "alerts-service-state";

    private final Map<String, Object> producerConfig;
    private final Map<String, Object> consumerConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    private final DeadLetterWriter deadLetters;

    public AlertsKafka(Map<String, Object> producerProperties, Map<String, Object> consumerProperties) {
        producerConfig = new HashMap<>(producerProperties);
        // bytes in and out: a dead letter keeps the key exactly as it was read
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        consumerConfig = new HashMap<>(consumerProperties);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        producer = new KafkaProducer<>(producerConfig);
        deadLetters = new DeadLetterWriter(producer, "alerts-service", SEND_TIMEOUT);
    }

    /** Writes and waits for the broker's acknowledgement; a {@code null} value is a tombstone. */
    public <V> void write(Topic<String, V> topic, String key, V value) {
        byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key), bytes));
    }

    /** Writes dead letters with the headers every service uses ({@code DeadLetterHeaders}). */
    public DeadLetterWriter deadLetters() {
        return deadLetters;
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateNotStoredException("interrupted writing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StateNotStoredException("could not write to " + record.topic() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a compacted topic from its beginning to the end it had when asked: the latest value per key.
     * An unreadable record (broken JSON, or JSON that breaks the record's rules) is skipped, so the records after
     * it still count, and goes to {@code <topic>.dlq} with the reason. Only once: the group
     * {@value #STATE_GROUP_ID} keeps, per topic, the offset up to which records were already read back, since a
     * compacted topic keeps a bad record (until its key is written again) and is read whole at every start.
     */
    public <V> Map<String, V> readAll(Topic<String, V> topic) {
        Map<String, V> latest = new LinkedHashMap<>();
        new ReplayReader<>(topic, consumerConfig, STATE_GROUP_ID, deadLetters, null, new ReplayReader.Listener<String, V>() {
            @Override
            public void onRecord(ReplayReader.Replayed<String, V> record) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), record.value());
                }
            }

            @Override
            public void onUnreadable(String key, String reason) {
                // the key's earlier value, if any, was superseded by something unreadable: it no longer holds either
                if (key != null) {
                    latest.remove(key);
                }
            }
        }).readToEnd();
        return latest;
    }

    /** The connection of this service's consumers (bootstrap servers, security...), for a {@link ReplayReader}. */
    public Map<String, Object> consumerConfig() {
        return Map.copyOf(consumerConfig);
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
