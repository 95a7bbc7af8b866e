package uk.nhs.impactmonitor.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the broker knows: log end offsets, a group's committed offsets, bytes on disk per topic. */
final class KafkaProbe implements AutoCloseable {

    private final Admin admin;

    KafkaProbe(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(config);
    }

    Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("reading end offsets of " + topics + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code groupId} has committed every partition of {@code topics} at its end. */
    boolean committedToEnd(String groupId, Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : endOffsets(topics).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getValue() > 0 && (at == null || at.offset() < end.getValue())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether a Kafka Streams application has committed every partition of its input {@code topics} and of its own
     * repartition topics at their end. The inputs alone are not enough: they are only re-keyed onto the repartition
     * topic, which the model may still be reading far behind them.
     */
    boolean streamsCaughtUp(String applicationId, Collection<String> topics) {
        try {
            List<String> all = new java.util.ArrayList<>(topics);
            admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-repartition")).forEach(all::add);
            return committedToEnd(applicationId, all);
        } catch (Exception e) {
            return false;
        }
    }

    /** Bytes on the broker's disk of the topics whose names start with {@code prefix} and end with {@code suffix}. */
    long topicBytes(String prefix, String suffix) {
        try {
            long bytes = 0;
            Collection<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(n -> n.id()).toList();
            for (Map<String, LogDirDescription> ofBroker : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
                for (LogDirDescription dir : ofBroker.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        String topic = replica.getKey().topic();
                        if (topic.startsWith(prefix) && topic.endsWith(suffix)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException("reading log sizes: " + e.getMessage(), e);
        }
    }

    void deleteTopics(List<String> topics) {
        try {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("deleting " + topics + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
