package uk.nhs.impactmonitor.alerts.notify;

import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;

/**
 * One destination of notifications: a subscription's webhook, e-mail or Teams channel, or the forwarding
 * Alertmanager ({@code subscription} null). Its {@code id} keys the notification log.
 */
public record Receiver(String id, String channel, Subscription subscription) {

    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";
    public static final String TEAMS = "teams";
    public static final String ALERTMANAGER = "alertmanager";

    public static Receiver webhook(Subscription subscription) {
        return new Receiver(subscription.subscriptionId() + "/" + WEBHOOK, WEBHOOK, subscription);
    }

    public static Receiver email(Subscription subscription) {
        return new Receiver(subscription.subscriptionId() + "/" + EMAIL, EMAIL, subscription);
    }

    public static Receiver teams(Subscription subscription) {
        return new Receiver(subscription.subscriptionId() + "/" + TEAMS, TEAMS, subscription);
    }

    public static Receiver alertmanager() {
        return new Receiver(ALERTMANAGER, ALERTMANAGER, null);
    }

    /** Every destination a subscription names, each with its own log (one slow channel never holds up another). */
    public static List<Receiver> of(Subscription subscription) {
        List<Receiver> receivers = new ArrayList<>();
        if (subscription.webhook() != null) {
            receivers.add(webhook(subscription));
        }
        if (subscription.email() != null) {
            receivers.add(email(subscription));
        }
        if (subscription.teams() != null) {
            receivers.add(teams(subscription));
        }
        return receivers;
    }

    /** Whether this is an area's escalation contact: it hears only of escalations. */
    public boolean escalation() {
        return subscription != null && subscription.escalation();
    }
}
