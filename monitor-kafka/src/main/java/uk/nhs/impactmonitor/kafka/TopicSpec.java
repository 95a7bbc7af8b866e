package uk.nhs.impactmonitor.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * A topic as the broker must have it: a definition ({@link Topic}) laid out for a deployment ({@link TopicLayout}).
 *
 * @param configs the topic-level configuration the broker must report (cleanup policy, retention, min in-sync replicas)
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** The topic itself. */
    public static TopicSpec of(Topic<?, ?> topic, TopicLayout layout) {
        return new TopicSpec(topic.name(), topic.singlePartition() ? 1 : layout.partitions(), layout.replicationFactor(),
                withMinIsr(topic.configs(), layout));
    }

    /**
     * Its dead-letter topic: one partition (a few records, read by people), every record kept for ever (a dead
     * letter is the only copy of what was refused).
     */
    public static TopicSpec deadLetterOf(Topic<?, ?> topic, TopicLayout layout) {
        return deadLetter(topic.deadLetterTopic(), layout);
    }

    /** A dead-letter topic of its own name (impact-streams' model input has no topic definition of its own). */
    public static TopicSpec deadLetter(String name, TopicLayout layout) {
        return new TopicSpec(name, 1, layout.replicationFactor(), withMinIsr(Topic.configs(Topic.Retention.KEEP_ALL), layout));
    }

    /** Each topic followed by its dead-letter topic, a name given twice only once (the first definition counts). */
    public static List<TopicSpec> of(Collection<? extends Topic<?, ?>> topics, TopicLayout layout) {
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        for (Topic<?, ?> topic : topics) {
            specs.putIfAbsent(topic.name(), of(topic, layout));
            specs.putIfAbsent(topic.deadLetterTopic(), deadLetterOf(topic, layout));
        }
        return new ArrayList<>(specs.values());
    }

    private static Map<String, String> withMinIsr(Map<String, String> configs, TopicLayout layout) {
        Map<String, String> all = new LinkedHashMap<>(configs);
        if (layout.minInSyncReplicas() > 0) {
            all.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInSyncReplicas()));
        }
        return all;
    }
}
