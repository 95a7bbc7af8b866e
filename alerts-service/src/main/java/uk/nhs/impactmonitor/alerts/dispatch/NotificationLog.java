package uk.nhs.impactmonitor.alerts.dispatch;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.impactmonitor.alerts.config.AlertsTopics;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;

/**
 * Alertmanager's nflog, in the compacted {@code alerts-notification-log} topic: read back at start-up, so a
 * restart sends nothing twice. A topic of its own rather than {@code impact-alerts}: that one is the contract
 * other services read as one alert per key, and per-receiver delivery records would break that reading.
 * Delivery is at least once: a crash between delivering and recording sends that one message again, which
 * receivers recognise by {@code groupKey} + {@code fingerprint} + {@code startsAt}.
 */
public class NotificationLog {

    private final AlertsKafka kafka;
    private final Map<String, NotificationRecord> byKey = new ConcurrentHashMap<>();

    public NotificationLog(AlertsKafka kafka) {
        this.kafka = kafka;
    }

    public void restore() {
        byKey.clear();
        byKey.putAll(kafka.readAll(AlertsTopics.NOTIFICATION_LOG));
    }

    public Optional<NotificationRecord> find(String receiver, String item) {
        return Optional.ofNullable(byKey.get(NotificationRecord.key(receiver, item)));
    }

    public void record(NotificationRecord record) {
        kafka.write(AlertsTopics.NOTIFICATION_LOG, record.key(), record);
        byKey.put(record.key(), record);
    }

    public int size() {
        return byKey.size();
    }
}
