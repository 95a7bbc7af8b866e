package uk.nhs.impactmonitor.alerts.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * The service's own Kafka clients. State lives in compacted topics (alerts, subscriptions, silences, the
 * notification log), so writes are synchronous: nothing is acted on, or answered to a caller, before Kafka
 * has it. No client id is fixed, so three services in one JVM never clash on JMX names.
 */
public class AlertsKafka implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertsKafka.class);
    // long enough for a broker's leader election, short enough for an HTTP caller to be told to retry
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    /** Keeps only how far each state topic was read back, so a bad record is dead-lettered once, not at every start. */
    public static final String STATE_GROUP_ID = "alerts-service-state";

    private final Map<String, Object> producerConfig;
    private final Map<String, Object> consumerConfig;
    private final KafkaProducer<String, byte[]> producer;

    public AlertsKafka(Map<String, Object> producerProperties, Map<String, Object> consumerProperties) {
        producerConfig = new HashMap<>(producerProperties);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        consumerConfig = new HashMap<>(consumerProperties);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // never create a topic by reading it: the wrong (uncompacted) config would stick
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        producer = new KafkaProducer<>(producerConfig);
    }

    /** Writes and waits for the broker's acknowledgement; a {@code null} value is a tombstone. */
    public <V> void write(Topic<String, V> topic, String key, V value) {
        byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        send(new ProducerRecord<>(topic.name(), key, bytes));
    }

    /**
     * Sends an unreadable record to the topic's dead-letter topic with the reason in its headers, named as
     * impact-streams names them ({@code dlq.reason}, {@code dlq.source.*}), so one tool reads every dead letter.
     */
    public void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topic.deadLetterTopic(record.topic()), record.key(), record.value());
        dead.headers().add(new RecordHeader("dlq.reason", bytes(reason)));
        dead.headers().add(new RecordHeader("dlq.source.topic", bytes(record.topic())));
        dead.headers().add(new RecordHeader("dlq.source.partition", bytes(Integer.toString(record.partition()))));
        dead.headers().add(new RecordHeader("dlq.source.offset", bytes(Long.toString(record.offset()))));
        dead.headers().add(new RecordHeader("dlq.service", bytes("alerts-service")));
        send(dead);
    }

    private void send(ProducerRecord<String, byte[]> record) {
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
        try (KafkaConsumer<String, byte[]> consumer = newConsumer(STATE_GROUP_ID)) {
            List<TopicPartition> partitions = partitions(consumer, topic.name());
            if (partitions.isEmpty()) {
                return latest;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> seen = new HashMap<>();
            consumer.committed(new java.util.HashSet<>(partitions)).forEach((tp, offset) -> seen.put(tp, offset == null ? 0L : offset.offset()));
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            boolean deadLettered = true;
            while (!caughtUp(consumer, end)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        latest.put(record.key(), topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
                    } catch (RuntimeException e) {
                        // the key's earlier value, if any, was superseded by something unreadable: it no longer holds either
                        latest.remove(record.key());
                        boolean firstSight = record.offset() >= seen.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L);
                        log.warn("Skipping unreadable record {}@{} of {}{}: {}", record.partition(), record.offset(), topic.name(),
                                firstSight ? " (dead-lettered)" : " (dead-lettered before)", e.getMessage());
                        if (firstSight) {
                            try {
                                deadLetter(record, e.getMessage());
                            } catch (StateNotStoredException notStored) {
                                // not remembered as read, so the next start tries again; the state is read all the same
                                log.error("Could not dead-letter {}@{} of {}: {}", record.partition(), record.offset(), topic.name(),
                                        notStored.getMessage());
                                deadLettered = false;
                            }
                        }
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> readUpTo = new HashMap<>();
            end.forEach((tp, offset) -> {
                if (offset > seen.getOrDefault(tp, 0L)) {
                    readUpTo.put(tp, new OffsetAndMetadata(offset));
                }
            });
            if (deadLettered && !readUpTo.isEmpty()) {
                try {
                    consumer.commitSync(readUpTo);
                } catch (RuntimeException e) {
                    // worst case a bad record is dead-lettered again at the next start
                    log.warn("Could not remember how far {} was read back: {}", topic.name(), e.getMessage());
                }
            }
        }
        return latest;
    }

    /** A consumer of raw bytes, assigned by hand; with a group id only to keep committed offsets. */
    public KafkaConsumer<String, byte[]> newConsumer(String groupId) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return new KafkaConsumer<>(config);
    }

    /** The partitions of a topic, or none when it does not exist yet. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    public static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(5));
    }
}
