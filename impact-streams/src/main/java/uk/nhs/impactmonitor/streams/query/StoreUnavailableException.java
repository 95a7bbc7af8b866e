package uk.nhs.impactmonitor.streams.query;

/** The indicator store cannot be read just now (starting, rebalancing, restoring): answered 503 with Retry-After. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
