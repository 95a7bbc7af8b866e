package uk.nhs.impactmonitor.alerts.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.notify.Receiver;

/** A webhook secret never shows where a subscription is printed: logs print records through toString. */
class SubscriptionTest {

    @Test
    void shouldMaskSecretWhenSubscriptionOrItsReceiverIsPrinted() {
        // given
        Subscription subscription = new Subscription(Subscription.SCHEMA_VERSION, "sub-1", "Y56",
                new Subscription.Webhook("https://hooks.example.org/london", "london-webhook-secret"), null, false, "admin", Instant.EPOCH);

        // when
        String printed = subscription + " " + Receiver.webhook(subscription);

        // then
        assertThat(printed).contains("https://hooks.example.org/london").contains("secret=***").doesNotContain("london-webhook-secret");
    }
}
