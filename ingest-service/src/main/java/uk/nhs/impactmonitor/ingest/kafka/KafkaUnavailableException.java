package uk.nhs.impactmonitor.ingest.kafka;

/**
 * Kafka did not acknowledge a write (or the notice view could not be read) in time; the request is
 * answered 503 with {@code Retry-After}, and nothing is reported as accepted that was not written.
 */
public class KafkaUnavailableException extends RuntimeException {

    static final String NOTHING = "Nothing was accepted";

    private final String outcome;

    public KafkaUnavailableException(String message, Throwable cause) {
        this(message, cause, NOTHING);
    }

    public KafkaUnavailableException(String message) {
        super(message);
        this.outcome = NOTHING;
    }

    /** For a request written in parts, when some parts were acknowledged before Kafka stopped answering. */
    public KafkaUnavailableException(String message, Throwable cause, String outcome) {
        super(message, cause);
        this.outcome = outcome;
    }

    /** What of the request was stored, as the 503 says it first. */
    public String outcome() {
        return outcome;
    }
}
