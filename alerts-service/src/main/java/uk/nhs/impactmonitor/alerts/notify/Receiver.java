package uk.nhs.impactmonitor.alerts.notify;

import uk.nhs.impactmonitor.alerts.subscription.Subscription;

/**
 * One destination of notifications: a subscription's webhook or e-mail, or the forwarding Alertmanager
 * ({@code subscription} null). Its {@code id} keys the notification log.
 */
public record Receiver(String id, String channel, Subscription subscription) {

    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";
    public static final String ALERTMANAGER = "alertmanager";

    public static Receiver webhook(Subscription subscription) {
        return new Receiver(subscription.subscriptionId() + "/" + WEBHOOK, WEBHOOK, subscription);
    }

    public static Receiver email(Subscription subscription) {
        return new Receiver(subscription.subscriptionId() + "/" + EMAIL, EMAIL, subscription);
    }

    public static Receiver alertmanager() {
        return new Receiver(ALERTMANAGER, ALERTMANAGER, null);
    }
}
