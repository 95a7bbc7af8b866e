package uk.nhs.impactmonitor.alerts.notify;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code monitor.alerts.delivery.*}: how a notification is delivered and retried, on every channel. Retries follow
 * timeouts, connection failures, 429 and 5xx; any other 4xx is the receiver refusing the message and is not retried.
 *
 * @param connectTimeout connect timeout of an HTTP delivery (webhook, Teams, Alertmanager); default 2s
 * @param requestTimeout whole-request timeout of an HTTP delivery; default 5s
 * @param maxAttempts    attempts per delivery before it counts as failed; default 5. A failed delivery is tried
 *                       again later, as nothing is recorded as sent
 * @param initialBackoff wait before the first retry; default 500ms
 * @param multiplier     growth of the wait per retry; default 2.0
 * @param maxBackoff     longest wait between two attempts, and the pause of a receiver after a failed delivery;
 *                       default 1m
 * @param shutdownGrace  how long a stop waits for deliveries in flight to finish and be recorded before it
 *                       interrupts them; default 5s. What is interrupted may be sent again after the restart, with
 *                       the same dedup key
 */
public record DeliveryProperties(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration requestTimeout,
                                 @DefaultValue("5") @Min(1) int maxAttempts, @DefaultValue("500ms") Duration initialBackoff,
                                 @DefaultValue("2.0") @DecimalMin("1.0") double multiplier, @DefaultValue("1m") Duration maxBackoff,
                                 @DefaultValue("5s") Duration shutdownGrace) {

    /** The wait before attempt {@code attempt + 1}, counting from 1. */
    public Duration backoffAfter(int attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
