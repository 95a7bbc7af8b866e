package uk.nhs.impactmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * The topic definitions against a real (KRaft) broker: after provisioning, what the broker reports for every topic
 * (partitions, replicas, cleanup policy, retention, min in-sync replicas) equals the definition, including a topic
 * that existed before with the broker's defaults.
 */
@EmbeddedKafka(count = 1)
class TopicProvisionerIntegrationTest {

    private static final TopicLayout LAYOUT = new TopicLayout(2, (short) 1, 1);

    @Test
    void shouldReportEveryTopicAsDefinedWhenProvisionedOnABrokerWithTopicsMadeWithOtherSettings(EmbeddedKafkaBroker broker) throws Exception {
        // given: practice-notices made earlier as a broker makes a topic by default (delete after seven days),
        // practice-activity compacted by accident the other way round (delete policy, 1 hour)
        List<TopicSpec> specs = TopicSpec.of(List.of(Topics.PRACTICE_NOTICES, Topics.PRACTICE_ACTIVITY, Topics.PRACTICE_DIRECTORY,
                Topics.IMPACT_INDICATORS, Topics.IMPACT_ALERTS), LAYOUT);
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(
                    new NewTopic("practice-notices", 2, (short) 1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000")),
                    new NewTopic("practice-activity", 2, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete",
                            TopicConfig.RETENTION_MS_CONFIG, "3600000")))).all().get(30, TimeUnit.SECONDS);

            // when
            TopicProvisioner.Report report = TopicProvisioner.provision(admin, specs);

            // then: the two brought to their definition (and said so), the rest created, all as defined
            assertThat(report.changed()).containsOnlyKeys("practice-notices", "practice-activity");
            assertThat(report.changed().get("practice-notices")).contains("retention.ms: 604800000 → -1");
            assertThat(report.changed().get("practice-activity")).contains("cleanup.policy: delete → compact", "retention.ms: 3600000 → -1");
            assertThat(report.created()).hasSize(specs.size() - 2);
            assertThat(BrokerTopics.describe(admin, specs.stream().map(TopicSpec::name).toList(), specs))
                    .containsExactlyInAnyOrderElementsOf(specs);
            assertThat(specs).filteredOn(s -> s.name().equals("practice-notices")).singleElement()
                    .satisfies(s -> assertThat(s.configs()).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1")
                            .containsEntry("min.insync.replicas", "1"));
            assertThat(specs).filteredOn(s -> s.name().equals("impact-alerts")).singleElement()
                    .satisfies(s -> assertThat(s.partitions()).isEqualTo(1));

            // and: a second start finds nothing to do
            assertThat(TopicProvisioner.provision(admin, specs).changedNothing()).isTrue();
        }
    }

    @Test
    void shouldLeaveThePartitionCountAndWarnWhenATopicHasOtherThanItsDefinition(EmbeddedKafkaBroker broker) throws Exception {
        // given
        try (Admin admin = admin(broker)) {
            admin.createTopics(List.of(new NewTopic("area-appointments", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            // when
            TopicProvisioner.Report report = TopicProvisioner.provision(admin, List.of(TopicSpec.of(Topics.AREA_APPOINTMENTS, LAYOUT)));

            // then: keys would move between partitions, so the count stays; the configuration is still corrected
            assertThat(report.warnings()).singleElement().asString().contains("area-appointments has 1 partition(s), its definition 2");
            assertThat(admin.describeTopics(List.of("area-appointments")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("area-appointments").partitions()).hasSize(1);
            assertThat(report.changed().get("area-appointments")).contains("cleanup.policy: delete → compact");
        }
    }

    private static Admin admin(EmbeddedKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }
}
