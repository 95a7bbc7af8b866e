package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.support.AlertsSettings;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;

/** Retries with exponential backoff on what may pass, none on a refusal; deliveries and failures counted per channel. */
class DelivererTest {

    private static final Receiver RECEIVER = Receiver.webhook(new Subscription(Subscription.SCHEMA_VERSION, "sub-1", "Y56",
            new Subscription.Webhook("http://127.0.0.1:9/hook", "secret-123"), null, false, "admin", Instant.EPOCH));
    private static final WebhookMessage MESSAGE = new WebhookMessage("4", "{}", 0, "firing", "sub-1/webhook", Map.of(), Map.of(), Map.of(),
            "http://localhost:8083", List.of());

    /** Fails with the given outcomes in turn (true = retryable, false = refused), then succeeds. */
    static final class ScriptedChannel implements Channel {
        final Deque<Boolean> failures;
        int attempts;

        ScriptedChannel(Boolean... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public String name() {
            return Receiver.WEBHOOK;
        }

        @Override
        public void deliver(Receiver receiver, WebhookMessage message) throws DeliveryException {
            attempts++;
            Boolean retryable = failures.poll();
            if (retryable != null) {
                throw new DeliveryException("scripted failure", retryable);
            }
        }
    }

    private static DeliveryProperties delivery(int maxAttempts) {
        return AlertsSettings.bind(Map.of("delivery.max-attempts", String.valueOf(maxAttempts), "delivery.initial-backoff", "1ms",
                "delivery.multiplier", "2.0", "delivery.max-backoff", "4ms")).delivery();
    }

    @Test
    void shouldDoubleBackoffUpToMaximum() {
        // given: 500 ms, doubling, at most 1 min (the defaults)
        DeliveryProperties defaults = AlertsSettings.defaults().delivery();

        // then: 500, 1,000, 2,000, 4,000 ms ...; attempt 8 would be 500 x 2^7 = 64,000 ms, capped at 60,000
        assertThat(defaults.backoffAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.backoffAfter(2)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(defaults.backoffAfter(4)).isEqualTo(Duration.ofMillis(4_000));
        assertThat(defaults.backoffAfter(7)).isEqualTo(Duration.ofMillis(32_000));
        assertThat(defaults.backoffAfter(8)).isEqualTo(Duration.ofMillis(60_000));
    }

    @Test
    void shouldDeliverOnThirdAttemptWhenFirstTwoFailRetryably() {
        // given
        ScriptedChannel channel = new ScriptedChannel(true, true);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        // when
        boolean delivered = new Deliverer(Map.of(Receiver.WEBHOOK, channel), delivery(5), meters).deliver(RECEIVER, MESSAGE);

        // then
        assertThat(delivered).isTrue();
        assertThat(channel.attempts).isEqualTo(3);
        assertThat(meters.get("alerts.delivery.attempts").tag("outcome", "retryable").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("alerts.deliveries").tag("channel", "webhook").tag("outcome", "delivered").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldGiveUpAtOnceWhenReceiverRefuses() {
        // given: a 4xx other than 429
        ScriptedChannel channel = new ScriptedChannel(false);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        // when
        boolean delivered = new Deliverer(Map.of(Receiver.WEBHOOK, channel), delivery(5), meters).deliver(RECEIVER, MESSAGE);

        // then
        assertThat(delivered).isFalse();
        assertThat(channel.attempts).isEqualTo(1);
        assertThat(meters.get("alerts.deliveries").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldFailAfterMaxAttemptsWhenReceiverStaysDown() {
        // given
        ScriptedChannel channel = new ScriptedChannel(true, true, true, true, true);

        // when
        boolean delivered = new Deliverer(Map.of(Receiver.WEBHOOK, channel), delivery(3), new SimpleMeterRegistry()).deliver(RECEIVER, MESSAGE);

        // then
        assertThat(delivered).isFalse();
        assertThat(channel.attempts).isEqualTo(3);
    }

    @Test
    void shouldWaitExponentiallyLongerBetweenAttemptsUpToMaximumWhenReceiverFailsRetryably() {
        // given: 100 ms, doubling, at most 500 ms, 6 attempts; the receiver fails 5 times, then takes the message
        ScriptedChannel channel = new ScriptedChannel(true, true, true, true, true);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Duration> waits = new java.util.ArrayList<>();
        DeliveryProperties delivery = AlertsSettings.bind(Map.of("delivery.max-attempts", "6", "delivery.initial-backoff", "100ms",
                "delivery.multiplier", "2.0", "delivery.max-backoff", "500ms")).delivery();

        // when
        boolean delivered = new Deliverer(Map.of(Receiver.WEBHOOK, channel), delivery, meters, waits::add).deliver(RECEIVER, MESSAGE);

        // then: 100, 200, 400, then 800 capped at 500, twice
        assertThat(delivered).isTrue();
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500),
                Duration.ofMillis(500));
        assertThat(meters.get("alerts.delivery.attempts").tag("outcome", "retryable").counter().count()).isEqualTo(5.0);
        assertThat(meters.get("alerts.delivery.attempts").tag("outcome", "ok").counter().count()).isEqualTo(1.0);
    }
}
