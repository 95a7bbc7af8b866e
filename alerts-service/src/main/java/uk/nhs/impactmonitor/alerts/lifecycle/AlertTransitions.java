package uk.nhs.impactmonitor.alerts.lifecycle;

import java.time.Instant;

/** Told when the engine changes an alert's state or severity because of an indicator record (the latency metric listens). */
@FunctionalInterface
public interface AlertTransitions {

    AlertTransitions NONE = (changed, indicatorAt, at) -> {
    };

    /** The engine changed the alert's state or severity at {@code at}, judging an indicator record stamped {@code indicatorAt}. */
    void alertChanged(Alert changed, long indicatorAt, Instant at);
}
