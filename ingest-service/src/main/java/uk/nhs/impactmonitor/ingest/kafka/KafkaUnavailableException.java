package uk.nhs.impactmonitor.ingest.kafka;

/**
 * Kafka did not acknowledge a write (or the notice view could not be read) in time; the request is
 * answered 503 with {@code Retry-After}, and nothing is reported as accepted that was not written.
 */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaUnavailableException(String message) {
        super(message);
    }
}
