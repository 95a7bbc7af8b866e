package uk.nhs.impactmonitor.alerts.subscription;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.alerts.config.AlertsTopics;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;

/**
 * Subscriptions, kept in the compacted {@code alerts-subscriptions} topic and read back at start-up. Webhook
 * secrets are encrypted on the way to the topic and decrypted on the way back ({@link SecretCipher}); one stored
 * in clear (before a key was set) is rewritten encrypted when read back with a key.
 */
public class SubscriptionStore {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);

    private final AlertsKafka kafka;
    private final SecretCipher cipher;
    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();

    public SubscriptionStore(AlertsKafka kafka) {
        this(kafka, SecretCipher.none());
    }

    public SubscriptionStore(AlertsKafka kafka, SecretCipher cipher) {
        this.kafka = kafka;
        this.cipher = cipher;
    }

    public void restore() {
        byId.clear();
        int migrated = 0;
        for (Subscription stored : kafka.readAll(AlertsTopics.SUBSCRIPTIONS).values()) {
            Subscription.Webhook webhook = stored.webhook();
            if (webhook != null && webhook.encryptedSecret() != null) {
                stored = withWebhook(stored, new Subscription.Webhook(webhook.url(), cipher.decrypt(stored.subscriptionId(),
                        webhook.encryptedSecret())));
            } else if (webhook != null && cipher.encrypts()) {
                kafka.write(AlertsTopics.SUBSCRIPTIONS, stored.subscriptionId(), sealed(stored));
                migrated++;
            }
            byId.put(stored.subscriptionId(), stored);
        }
        if (migrated > 0) {
            log.info("Encrypted the webhook secrets of {} subscription(s) stored in clear", migrated);
        }
    }

    public void save(Subscription subscription) {
        kafka.write(AlertsTopics.SUBSCRIPTIONS, subscription.subscriptionId(), sealed(subscription));
        byId.put(subscription.subscriptionId(), subscription);
    }

    /** As it goes to the topic: the secret encrypted when there is a key. */
    private Subscription sealed(Subscription subscription) {
        Subscription.Webhook webhook = subscription.webhook();
        if (webhook == null || !cipher.encrypts()) {
            return subscription;
        }
        return withWebhook(subscription, new Subscription.Webhook(webhook.url(), null,
                cipher.encrypt(subscription.subscriptionId(), webhook.secret())));
    }

    private static Subscription withWebhook(Subscription s, Subscription.Webhook webhook) {
        return new Subscription(s.schemaVersion(), s.subscriptionId(), s.area(), webhook, s.email(), s.escalation(), s.createdBy(),
                s.createdAt());
    }

    public void delete(String subscriptionId) {
        kafka.write(AlertsTopics.SUBSCRIPTIONS, subscriptionId, null);
        byId.remove(subscriptionId);
    }

    public Optional<Subscription> find(String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId));
    }

    public List<Subscription> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Subscription::createdAt)).toList();
    }
}
