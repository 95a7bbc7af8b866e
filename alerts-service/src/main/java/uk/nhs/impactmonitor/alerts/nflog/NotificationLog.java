package uk.nhs.impactmonitor.alerts.nflog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.domain.topic.JsonSerde;
import uk.nhs.impactmonitor.domain.topic.Topic;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Alertmanager's nflog, in the compacted {@code alerts-notification-log} topic: read back at start-up, so a
 * restart sends nothing twice. A topic of its own rather than {@code impact-alerts}: that one is the contract
 * other services read as one alert per key, and per-receiver delivery records would break that reading.
 * Delivery is at least once: a crash between delivering and recording sends that one message again, which
 * receivers recognise by {@code groupKey} + {@code fingerprint} + {@code startsAt}.
 */
public class NotificationLog {

    /** {@code alerts-notification-log}, compacted; key {@code receiver|item}: what was last sent to whom. */
    public static final Topic<String, NotificationRecord> TOPIC = new Topic<>("alerts-notification-log", Serdes.String(),
            new JsonSerde<>(NotificationRecord.class, NotificationRecord::problems), Topic.Retention.COMPACT, true);

    private final AlertsKafka kafka;
    private final Map<String, NotificationRecord> byKey = new ConcurrentHashMap<>();

    public NotificationLog(AlertsKafka kafka) {
        this.kafka = kafka;
    }

    public void restore() {
        byKey.clear();
        byKey.putAll(kafka.readAll(TOPIC));
    }

    public Optional<NotificationRecord> find(String receiver, String item) {
        return Optional.ofNullable(byKey.get(NotificationRecord.key(receiver, item)));
    }

    public void record(NotificationRecord record) {
        kafka.write(TOPIC, record.key(), record);
        byKey.put(record.key(), record);
    }

    public int size() {
        return byKey.size();
    }
}
