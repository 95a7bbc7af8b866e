package uk.nhs.impactmonitor.streams.topology;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the Kafka Streams engine for {@code /actuator/health}: UP while running, OUT_OF_SERVICE while
 * starting or rebalancing (queries may answer 503 for a moment), DOWN when stopped or failed.
 */
final class StreamsHealth implements HealthIndicator {

    private final ImpactStreams impactStreams;

    StreamsHealth(ImpactStreams impactStreams) {
        this.impactStreams = impactStreams;
    }

    @Override
    public Health health() {
        KafkaStreams streams = impactStreams.streams();
        if (streams == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder health = switch (state) {
            case RUNNING -> Health.up();
            case CREATED, REBALANCING -> Health.outOfService();
            default -> Health.down();
        };
        return health.withDetail("state", state.name()).build();
    }
}
