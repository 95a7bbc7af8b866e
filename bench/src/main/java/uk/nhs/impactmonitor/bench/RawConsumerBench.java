package uk.nhs.impactmonitor.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * Section 1, the broker's floor: a plain {@link KafkaConsumer}, no group, reading every record of practice-notices
 * and practice-activity from the beginning, as bytes (nothing deserialised).
 */
final class RawConsumerBench {

    static final List<String> INPUTS = List.of(Topics.PRACTICE_NOTICES.name(), Topics.PRACTICE_ACTIVITY.name());

    private RawConsumerBench() {
    }

    record Result(long records, long bytes, double seconds) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    static Result run(String bootstrapServers) {
        Map<TopicPartition, Long> ends;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers)) {
            ends = probe.endOffsets(INPUTS);
        }
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long records = 0;
            long bytes = 0;
            long started = System.nanoTime();
            while (!reachedEnd(consumer, ends)) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    records++;
                    bytes += record.serializedKeySize() + record.serializedValueSize();
                }
                if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("raw consumer: not at the end after 10 minutes (" + records + " read)");
                }
            }
            return new Result(records, bytes, (System.nanoTime() - started) / 1e9);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
