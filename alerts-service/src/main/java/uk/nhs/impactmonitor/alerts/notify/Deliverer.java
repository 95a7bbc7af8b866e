package uk.nhs.impactmonitor.alerts.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one message with retries and exponential backoff on what may pass (timeouts, connection
 * failures, 5xx, 429), and counts deliveries and failures per channel:
 * {@code alerts_deliveries_total{channel, outcome=delivered|failed}} and
 * {@code alerts_delivery_attempts_total{channel, outcome=ok|retryable|refused}}.
 */
public class Deliverer {

    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

    /** Waits between two attempts; a seam so a test can see the backoff schedule without waiting for it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Map<String, Channel> channels;
    private final DeliveryProperties delivery;
    private final MeterRegistry meters;
    private final Sleeper sleeper;

    public Deliverer(Map<String, Channel> channels, DeliveryProperties delivery, MeterRegistry meters) {
        this(channels, delivery, meters, duration -> Thread.sleep(duration.toMillis()));
    }

    public Deliverer(Map<String, Channel> channels, DeliveryProperties delivery, MeterRegistry meters, Sleeper sleeper) {
        this.channels = Map.copyOf(channels);
        this.delivery = delivery;
        this.meters = meters;
        this.sleeper = sleeper;
    }

    /** @return whether the message got through; blocks through the retries, so call it off the dispatch thread */
    public boolean deliver(Receiver receiver, WebhookMessage message) {
        Channel channel = channels.get(receiver.channel());
        if (channel == null) {
            log.error("No channel '{}' for receiver {}", receiver.channel(), receiver.id());
            count("alerts.deliveries", receiver.channel(), "failed");
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                channel.deliver(receiver, message);
                count("alerts.delivery.attempts", channel.name(), "ok");
                count("alerts.deliveries", channel.name(), "delivered");
                log.info("Delivered {} ({} alert(s), {}) to {} on attempt {}", message.groupKey(), message.alerts().size(), message.status(),
                        receiver.id(), attempt);
                return true;
            } catch (DeliveryException e) {
                count("alerts.delivery.attempts", channel.name(), e.retryable() ? "retryable" : "refused");
                if (!e.retryable() || attempt >= delivery.maxAttempts()) {
                    log.warn("Delivery of {} to {} failed after {} attempt(s): {}", message.groupKey(), receiver.id(), attempt, e.getMessage());
                    count("alerts.deliveries", channel.name(), "failed");
                    return false;
                }
                Duration backoff = wait(attempt, e.retryAfter());
                log.info("Delivery of {} to {} failed (attempt {}), retrying in {}: {}", message.groupKey(), receiver.id(), attempt, backoff,
                        e.getMessage());
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    count("alerts.deliveries", channel.name(), "failed");
                    return false;
                }
            }
        }
    }

    /**
     * The backoff, or longer when the receiver asked for it ({@code Retry-After}), but never past {@code max-backoff}:
     * one receiver must not hold a delivery thread for as long as it likes; what it still refuses then is tried again
     * at the next attempt or the next pipeline run.
     */
    private Duration wait(int attempt, Duration retryAfter) {
        Duration backoff = delivery.backoffAfter(attempt);
        if (retryAfter == null || retryAfter.compareTo(backoff) <= 0) {
            return backoff;
        }
        return retryAfter.compareTo(delivery.maxBackoff()) < 0 ? retryAfter : delivery.maxBackoff();
    }

    private void count(String name, String channel, String outcome) {
        Counter.builder(name).tag("channel", channel).tag("outcome", outcome).register(meters).increment();
    }
}
