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

    /**
     * The silences that have run to their end by {@code now} and whose expiry is not yet recorded in the audit trail,
     * earliest end first: what a look for expiries reports, until {@link #markExpiryRecorded} says it was recorded.
     */
    public List<Silence> expiredUnrecorded(Instant now) {
        return byId.values().stream().filter(s -> s.hasExpiredAt(now) && s.expiryRecorded() == null)
                .sorted(Comparator.comparing(Silence::until).thenComparing(Silence::silenceId)).toList();
    }

    /**
     * Remembers, on the silences topic (so also across a restart), that the expiry of this silence is in the audit
     * trail: it is not reported again. Marks the silence as it stands now, so an end or change saved meanwhile is kept.
     */
    public synchronized void markExpiryRecorded(String silenceId, Instant at) {
        Silence current = byId.get(silenceId);
        if (current != null && current.expiryRecorded() == null) {
            save(current.withExpiryRecorded(at));
        }
    }

    public synchronized void save(Silence silence) {
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
