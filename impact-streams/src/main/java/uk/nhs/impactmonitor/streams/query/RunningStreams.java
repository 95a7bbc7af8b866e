package uk.nhs.impactmonitor.streams.query;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the query side needs of the engine: the running instance and this instance's address. The engine's
 * lifecycle ({@code topology.ImpactStreams}) implements it, so queries do not depend on how the engine is built.
 */
public interface RunningStreams {

    /** The running instance, or {@code null} before start and after stop. */
    KafkaStreams streams();

    /** This instance's address as other instances see it. */
    HostInfo self();
}
