package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.kafka.TopicLayout;
import uk.nhs.impactmonitor.kafka.TopicSpec;

class TopicSetupTest {

    @Test
    void shouldDefineATopicTheSameWayWhereverItIsDefinedWhenTwoModulesNameIt() {
        // given: impact-alerts is in the contract's registry and, with alerts-service's own value type, in AlertsTopics
        Map<String, Topic<String, ?>> first = new HashMap<>();

        // when / then: one retention and one partitioning per name, so it does not matter which definition creates it
        for (Topic<String, ?> topic : TopicSetup.ALL) {
            Topic<String, ?> earlier = first.putIfAbsent(topic.name(), topic);
            if (earlier != null) {
                assertThat(topic.retention()).as(topic.name()).isEqualTo(earlier.retention());
                assertThat(topic.singlePartition()).as(topic.name()).isEqualTo(earlier.singlePartition());
            }
        }
        assertThat(first).containsKeys("impact-alerts", "alerts-subscriptions", "alerts-silences", "alerts-notification-log");
    }

    @Test
    void shouldGiveEveryTopicADeadLetterTopicKeptForEverWhenLaidOut() {
        // given
        TopicLayout layout = new TopicLayout(3, (short) 3, 2);

        // when
        var specs = TopicSetup.specs(layout);

        // then: 10 topics (audit-log included) and their 10 dead-letter topics; replicated, with min in-sync replicas on each
        assertThat(specs).hasSize(20);
        assertThat(specs).allSatisfy(s -> {
            assertThat(s.replicationFactor()).isEqualTo((short) 3);
            assertThat(s.configs()).containsEntry("min.insync.replicas", "2").containsEntry("retention.ms", "-1");
        });
        assertThat(specs).filteredOn(s -> s.name().endsWith(".dlq"))
                .allSatisfy(s -> assertThat(s.partitions()).isEqualTo(1))
                .allSatisfy(s -> assertThat(s.configs()).containsEntry("cleanup.policy", "delete"));
        assertThat(specs).filteredOn(s -> s.name().equals("practice-notices")).extracting(TopicSpec::partitions).containsExactly(3);
        assertThat(specs).filteredOn(s -> s.name().equals("alerts-silences")).extracting(TopicSpec::partitions).containsExactly(1);
        assertThat(specs).filteredOn(s -> s.name().equals("audit-log")).extracting(TopicSpec::partitions).containsExactly(1);
    }
}
