package uk.nhs.impactmonitor.alerts.subscription;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.serialization.Serdes;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.domain.topic.JsonSerde;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * Subscriptions, kept in the compacted {@code alerts-subscriptions} topic and read back at start-up. Webhook
 * secrets are encrypted on the way to the topic and decrypted on the way back ({@link SecretCipher}); one stored
 * in clear (before a key was set) is rewritten encrypted when read back with a key.
 */
public class SubscriptionStore {

    /** {@code alerts-subscriptions}, compacted; key: subscription id, a tombstone deletes. */
    public static final Topic<String, Subscription> TOPIC = new Topic<>("alerts-subscriptions", Serdes.String(),
            new JsonSerde<>(Subscription.class, Subscription::problems), Topic.Retention.COMPACT, true);

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
        for (Subscription stored : kafka.readAll(TOPIC).values()) {
            Subscription open = opened(stored);
            if (cipher.encrypts() && inClear(stored)) {
                kafka.write(TOPIC, stored.subscriptionId(), sealed(open));
                migrated++;
            }
            byId.put(stored.subscriptionId(), open);
        }
        if (migrated > 0) {
            log.info("Encrypted the webhook secrets and Teams URLs of {} subscription(s) stored in clear", migrated);
        }
    }

    public void save(Subscription subscription) {
        kafka.write(TOPIC, subscription.subscriptionId(), sealed(subscription));
        byId.put(subscription.subscriptionId(), subscription);
    }

    /** Whether a record read back holds a webhook secret or a Teams URL in clear (stored before a key was set). */
    private static boolean inClear(Subscription stored) {
        return (stored.webhook() != null && stored.webhook().encryptedSecret() == null)
                || (stored.teams() != null && stored.teams().encryptedUrl() == null);
    }

    /** As it goes to the topic: the webhook secret and the Teams URL encrypted when there is a key. */
    private Subscription sealed(Subscription subscription) {
        if (!cipher.encrypts()) {
            return subscription;
        }
        Subscription.Webhook webhook = subscription.webhook();
        Subscription.Teams teams = subscription.teams();
        return subscription.with(
                webhook == null ? null : new Subscription.Webhook(webhook.url(), null, cipher.encrypt(subscription.subscriptionId(), webhook.secret())),
                teams == null ? null : new Subscription.Teams(null, cipher.encrypt(teamsContext(subscription), teams.url())));
    }

    /** As it is used: what the topic holds encrypted, decrypted. */
    private Subscription opened(Subscription stored) {
        Subscription.Webhook webhook = stored.webhook();
        Subscription.Teams teams = stored.teams();
        if (webhook != null && webhook.encryptedSecret() != null) {
            webhook = new Subscription.Webhook(webhook.url(), cipher.decrypt(stored.subscriptionId(), webhook.encryptedSecret()));
        }
        if (teams != null && teams.encryptedUrl() != null) {
            teams = new Subscription.Teams(cipher.decrypt(teamsContext(stored), teams.encryptedUrl()));
        }
        return stored.with(webhook, teams);
    }

    /** Associated data of the Teams URL's ciphertext: bound to its subscription and field, so it cannot pass for the secret. */
    private static String teamsContext(Subscription subscription) {
        return subscription.subscriptionId() + "/teams.url";
    }

    public void delete(String subscriptionId) {
        kafka.write(TOPIC, subscriptionId, null);
        byId.remove(subscriptionId);
    }

    public Optional<Subscription> find(String subscriptionId) {
        return Optional.ofNullable(byId.get(subscriptionId));
    }

    public List<Subscription> all() {
        return byId.values().stream().sorted(java.util.Comparator.comparing(Subscription::createdAt)).toList();
    }
}
