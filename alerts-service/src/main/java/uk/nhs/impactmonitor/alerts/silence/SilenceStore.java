package uk.nhs.impactmonitor.alerts.silence;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.impactmonitor.alerts.config.AlertsTopics;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;

/**
 * Silences, kept in the compacted {@code alerts-silences} topic. An ended silence is kept (with its end)
 * so that who silenced what, why and until when stays on record.
 */
public class SilenceStore {

    private final AlertsKafka kafka;
    private final Map<String, Silence> byId = new ConcurrentHashMap<>();

    public SilenceStore(AlertsKafka kafka) {
        this.kafka = kafka;
    }

    public void restore() {
        byId.clear();
        byId.putAll(kafka.readAll(AlertsTopics.SILENCES));
    }

    public void save(Silence silence) {
        kafka.write(AlertsTopics.SILENCES, silence.silenceId(), silence);
        byId.put(silence.silenceId(), silence);
    }

    public Optional<Silence> find(String silenceId) {
        return Optional.ofNullable(byId.get(silenceId));
    }

    public List<Silence> all() {
        return byId.values().stream().sorted(Comparator.comparing(Silence::createdAt)).toList();
    }

    /** Until when the alert is muted (the latest end of the silences holding now), or {@code null}. */
    public Instant silencedUntil(Alert alert, Instant now) {
        Instant until = null;
        for (Silence silence : byId.values()) {
            if (silence.isActiveAt(now) && silence.matches(alert) && (until == null || silence.until().isAfter(until))) {
                until = silence.until();
            }
        }
        return until;
    }
}
