package uk.nhs.impactmonitor.domain.topic;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with everything about it: its name, the serdes of its key and value, how long the broker keeps its
 * records ({@link Retention}), whether it is spread over the deployment's partitions or has one, and its dead-letter
 * topic. What a deployment adds (partition count, replication factor, min in-sync replicas) is the
 * {@code TopicLayout} of monitor-kafka, which creates topics from these definitions.
 *
 * <p>No topic is left to the broker's default retention (seven days): every topic here is read back from its
 * beginning as the whole history by someone (the notice view, a fresh impact-streams, alerts-service's replay).
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Retention retention, boolean singlePartition) {

    /** How long the broker keeps a topic's records. */
    public enum Retention {
        /** The key is the record's identity: the latest record per key is kept for ever, older ones compacted away. */
        COMPACT,
        /** Every record is kept for ever ({@code retention.ms = -1}): each is an event of the history. */
        KEEP_ALL
    }

    /** A topic spread over the deployment's partitions. */
    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, Retention retention) {
        this(name, keySerde, valueSerde, retention, false);
    }

    public boolean compacted() {
        return retention == Retention.COMPACT;
    }

    /**
     * The topic-level configuration the broker must report for this topic: the cleanup policy and a retention
     * that never deletes by time ({@code -1}, also on compacted topics, so that {@code compact,delete} set by hand
     * cannot start deleting by age) and never by size.
     */
    public Map<String, String> configs() {
        return configs(retention);
    }

    public static Map<String, String> configs(Retention retention) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                retention == Retention.COMPACT ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        return configs;
    }

    /** Where records of this topic that cannot be read go, with the reason in their headers. */
    public String deadLetterTopic() {
        return deadLetterTopic(name);
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlq";
    }
}
