package uk.nhs.impactmonitor.alerts.subscription;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.impactmonitor.alerts.config.AlertsTopics;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;

/** Subscriptions, kept in the compacted {@code alerts-subscriptions} topic and read back at start-up. */
public class SubscriptionStore {

    private final AlertsKafka kafka;
    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();

    public SubscriptionStore(AlertsKafka kafka) {
        this.kafka = kafka;
    }

    public void restore() {
        byId.clear();
        byId.putAll(kafka.readAll(AlertsTopics.SUBSCRIPTIONS));
    }

    public void save(Subscription subscription) {
        kafka.write(AlertsTopics.SUBSCRIPTIONS, subscription.subscriptionId(), subscription);
        byId.put(subscription.subscriptionId(), subscription);
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
