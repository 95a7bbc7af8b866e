package uk.nhs.impactmonitor.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import uk.nhs.impactmonitor.alerts.config.AlertsTopics;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.TopicLayout;
import uk.nhs.impactmonitor.kafka.TopicProvisioner;
import uk.nhs.impactmonitor.kafka.TopicSpec;

/**
 * Every topic of the monitor, for the local stack: the inside contract ({@code api.md}) and alerts-service's state
 * topics, each with its dead-letter topic, created or brought to their definitions by monitor-kafka's
 * {@link TopicProvisioner} (the services do the same for theirs at start-up). docker-compose's {@code kafka-init}
 * creates the same, as {@code KafkaInitScriptIntegrationTest} proves against a broker.
 */
public final class TopicSetup {

    /** Every topic definition of the monitor (impact-streams' model-input dead-letter topic is its own, made at its start). */
    public static final List<Topic<String, ?>> ALL;

    static {
        List<Topic<String, ?>> all = new ArrayList<>(Topics.ALL);
        all.addAll(AlertsTopics.OWN);
        ALL = List.copyOf(all);
    }

    private TopicSetup() {
    }

    /** Every topic as it must be in a deployment of this layout. */
    public static List<TopicSpec> specs(TopicLayout layout) {
        return TopicSpec.of(ALL, layout);
    }

    public static TopicProvisioner.Report provision(String bootstrapServers, TopicLayout layout)
            throws ExecutionException, InterruptedException, TimeoutException {
        return TopicProvisioner.provision(bootstrapServers, specs(layout));
    }

    /** The topics created (the ones brought to their definitions are logged). */
    public static List<String> ensureTopics(String bootstrapServers, int partitions, short replication)
            throws ExecutionException, InterruptedException, TimeoutException {
        return provision(bootstrapServers, new TopicLayout(partitions, replication, 0)).created();
    }
}
