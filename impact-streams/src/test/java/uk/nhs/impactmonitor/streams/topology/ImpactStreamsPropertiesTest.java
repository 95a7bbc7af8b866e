package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;

/** The engine properties that a restart after a crash depends on. */
class ImpactStreamsPropertiesTest {

    private static Properties properties(String applicationServer) {
        ImpactSettings settings = new Binder(new MapConfigurationPropertySource(Map.of(
                "monitor.streams.application-server", applicationServer))).bindOrCreate("monitor", ImpactSettings.class);
        return new ImpactStreams(settings, ModelFixture.directory(List.of("QE1"), List.of("P00001:QE1:1000")), "127.0.0.1:9092", DeadLetters.NONE)
                .properties();
    }

    @Test
    void shouldJoinAsAStaticMemberNamedByItsApplicationServerSoARestartAfterAKillNeedNotWaitForTheDeadSession() {
        // when: the same instance configured twice (before a kill and after its restart), and another instance
        Properties before = properties("impact-a:8082");
        Properties after = properties("impact-a:8082");
        Properties other = properties("impact-b:8082");

        // then: the restarted instance claims the dead one's group.instance.id; another instance has its own
        String key = StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThat(before.getProperty(key)).isEqualTo("impact-streams-impact-a-8082");
        assertThat(after.getProperty(key)).isEqualTo(before.getProperty(key));
        assertThat(other.getProperty(key)).isEqualTo("impact-streams-impact-b-8082");
    }
}
