package uk.nhs.impactmonitor.web.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TopicLayoutPropertiesTest {

    @Test
    void shouldGiveOnePartitionOneReplicaAndTheBrokersMinInSyncReplicasWhenBoundWithNoProperties() {
        // when
        TopicLayoutProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("monitor.kafka.topics", TopicLayoutProperties.class);

        // then
        assertThat(properties.partitions()).isEqualTo(1);
        assertThat(properties.replicationFactor()).isEqualTo((short) 1);
        assertThat(properties.minInSyncReplicas()).isZero();
    }
}
