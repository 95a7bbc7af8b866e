package uk.nhs.impactmonitor.alerts.kafka;

/** Kafka did not take a state change in time: nothing was changed, and the caller may try again. */
public class StateNotStoredException extends RuntimeException {

    public StateNotStoredException(String message, Throwable cause) {
        super(message, cause);
    }
}
