package uk.nhs.impactmonitor.alerts.notify;

/** A delivery that did not go through; {@code retryable} when trying again may help (timeout, 5xx, 429). */
public class DeliveryException extends Exception {

    private final boolean retryable;

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
