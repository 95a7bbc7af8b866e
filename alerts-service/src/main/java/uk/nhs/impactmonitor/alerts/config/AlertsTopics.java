package uk.nhs.impactmonitor.alerts.config;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import uk.nhs.impactmonitor.alerts.dispatch.NotificationRecord;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.domain.topic.JsonSerde;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * alerts-service's own topics, beside the shared registry {@link Topics}: all compacted, because each holds
 * the latest state per key and is read back whole at start-up.
 */
public final class AlertsTopics {

    /**
     * {@code impact-alerts} as alerts-service writes it: the contract's {@code AlertStateChange} plus the
     * fields a restart needs (readers of the contract ignore them).
     */
    public static final Topic<String, Alert> ALERTS =
            new Topic<>(Topics.IMPACT_ALERTS.name(), Serdes.String(), new JsonSerde<>(Alert.class, Alert::problems), Topic.Retention.COMPACT, true);

    /** Key: subscription id; a tombstone deletes. */
    public static final Topic<String, Subscription> SUBSCRIPTIONS =
            new Topic<>("alerts-subscriptions", Serdes.String(), new JsonSerde<>(Subscription.class, Subscription::problems), Topic.Retention.COMPACT, true);

    /** Key: silence id. */
    public static final Topic<String, Silence> SILENCES =
            new Topic<>("alerts-silences", Serdes.String(), new JsonSerde<>(Silence.class, Silence::problems), Topic.Retention.COMPACT, true);

    /** Key: {@code receiver|item}: what was last sent to whom. */
    public static final Topic<String, NotificationRecord> NOTIFICATION_LOG =
            new Topic<>("alerts-notification-log", Serdes.String(), new JsonSerde<>(NotificationRecord.class, NotificationRecord::problems), Topic.Retention.COMPACT, true);

    public static final List<Topic<String, ?>> OWN = List.of(ALERTS, SUBSCRIPTIONS, SILENCES, NOTIFICATION_LOG);

    private AlertsTopics() {
    }
}
