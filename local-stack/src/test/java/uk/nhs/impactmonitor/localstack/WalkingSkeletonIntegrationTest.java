package uk.nhs.impactmonitor.localstack;

import java.io.IOException;
import java.util.List;

/** The walking skeleton on the local stack's own in-process KRaft broker. */
class WalkingSkeletonIntegrationTest extends WalkingSkeletonScenario {

    @Override
    List<String> kafkaArgs() throws IOException {
        return List.of("--monitor.kafka.port=" + freePort(), "--monitor.kafka.controller-port=" + freePort());
    }
}
