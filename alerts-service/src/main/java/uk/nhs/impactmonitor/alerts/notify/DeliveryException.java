package uk.nhs.impactmonitor.alerts.notify;

import java.time.Duration;

/**
 * A delivery that did not go through; {@code retryable} when trying again may help (timeout, 5xx, 429), and
 * {@code retryAfter} when the receiver said how long to wait ({@code Retry-After} of a 429 or 503).
 */
public class DeliveryException extends Exception {

    private final boolean retryable;
    private final Duration retryAfter;

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, cause, null);
    }

    public DeliveryException(String message, boolean retryable, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** How long the receiver asked to be left alone, or {@code null} when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
