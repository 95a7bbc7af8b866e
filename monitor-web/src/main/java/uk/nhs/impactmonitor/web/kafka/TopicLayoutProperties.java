package uk.nhs.impactmonitor.web.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import uk.nhs.impactmonitor.kafka.TopicLayout;

/**
 * {@code monitor.kafka.topics.*}: how a service creates the topics it uses when they are missing (their retention
 * and cleanup policy come from their definitions and are not configurable).
 *
 * @param partitions        partitions of a topic spread over the deployment; default 1 (compose sets 3)
 * @param replicationFactor copies of each partition; default 1
 * @param minInSyncReplicas set on every topic when above 0; default 0: the broker's {@code min.insync.replicas}
 */
@ConfigurationProperties("monitor.kafka.topics")
public record TopicLayoutProperties(@DefaultValue("1") int partitions, @DefaultValue("1") short replicationFactor,
                                    @DefaultValue("0") int minInSyncReplicas) {

    public TopicLayout layout() {
        return new TopicLayout(partitions, replicationFactor, minInSyncReplicas);
    }
}
