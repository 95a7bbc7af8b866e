package uk.nhs.impactmonitor.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * What impact-streams' model still has to recompute, as the benchmark sees it from outside the service: the keys of its
 * {@code pending-days} store, followed on the store's changelog (committed records only; a put marks a day pending, a
 * tombstone clears it). Empty means every change the model has read has been recomputed and emitted.
 */
final class PendingDays implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Set<String> pending = new HashSet<>();
    private boolean assigned;

    PendingDays(String bootstrapServers, String applicationId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = applicationId + "-" + StoreNames.PENDING_DAYS + "-changelog";
    }

    /** Reads what the changelog gained since the last call; answers the days pending now. */
    Set<String> read() {
        if (!assigned) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return Set.of("(no changelog yet)");
            }
            consumer.assign(partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            assigned = true;
        }
        while (true) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                return Set.copyOf(pending);
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                if (record.value() == null) {
                    pending.remove(key);
                } else {
                    pending.add(key);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
