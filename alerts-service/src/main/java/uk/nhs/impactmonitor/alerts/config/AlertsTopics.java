package uk.nhs.impactmonitor.alerts.config;

import java.util.List;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * alerts-service's own topics, beside the shared registry {@link Topics}: all compacted, because each holds the
 * latest state per key and is read back whole at start-up. Each is defined by the package that keeps it (so no
 * package needs this one, which sees them all); here they are gathered for provisioning.
 */
public final class AlertsTopics {

    /** {@code impact-alerts}: the contract's {@code AlertStateChange} plus the fields a restart needs. */
    public static final Topic<String, Alert> ALERTS = AlertEngine.TOPIC;

    /** Key: subscription id; a tombstone deletes. */
    public static final Topic<String, Subscription> SUBSCRIPTIONS = SubscriptionStore.TOPIC;

    /** Key: silence id. */
    public static final Topic<String, Silence> SILENCES = SilenceStore.TOPIC;

    /** Key: {@code receiver|item}: what was last sent to whom. */
    public static final Topic<String, NotificationRecord> NOTIFICATION_LOG = NotificationLog.TOPIC;

    public static final List<Topic<String, ?>> OWN = List.of(ALERTS, SUBSCRIPTIONS, SILENCES, NOTIFICATION_LOG);

    private AlertsTopics() {
    }
}
