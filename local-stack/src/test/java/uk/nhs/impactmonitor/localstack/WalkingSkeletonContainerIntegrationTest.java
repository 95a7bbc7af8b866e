package uk.nhs.impactmonitor.localstack;

import java.util.List;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The walking skeleton against the official apache/kafka image, where a Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class WalkingSkeletonContainerIntegrationTest extends WalkingSkeletonScenario {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Override
    List<String> kafkaArgs() {
        return List.of("--monitor.kafka.bootstrap-servers=" + KAFKA.getBootstrapServers());
    }
}
