package uk.nhs.impactmonitor.streams.deadletter;

/**
 * Told about every record sent to a dead-letter topic, so it can be counted (a metric) without the topology
 * depending on a metrics library.
 */
@FunctionalInterface
public interface DeadLetters {

    DeadLetters NONE = (sourceTopic, reason) -> {
    };

    void deadLettered(String sourceTopic, String reason);
}
