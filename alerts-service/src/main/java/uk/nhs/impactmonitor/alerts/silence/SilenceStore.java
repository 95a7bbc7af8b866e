package uk.nhs.impactmonitor.alerts.silence;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.SilenceLookup;
import uk.nhs.impactmonitor.domain.topic.JsonSerde;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * Silences, kept in the compacted {@code alerts-silences} topic. An ended silence is kept (with its end)
 * so that who silenced what, why and until when stays on record.
 */
public class SilenceStore implements SilenceLookup {

    /** {@code alerts-silences}, compacted; key: silence id. */
    public static final Topic<String, Silence> TOPIC = new Topic<>("alerts-silences", Serdes.String(),
            new JsonSerde<>(Silence.class, Silence::problems), Topic.Retention.COMPACT, true);

    private final AlertsKafka kafka;
    private final Map<String, Silence> byId = new ConcurrentHashMap<>();

    public SilenceStore(AlertsKafka kafka) {
        this.kafka = kafka;
    }

    public void restore() {
        byId.clear();
        byId.putAll(kafka.readAll(TOPIC));
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
        kafka.write(TOPIC, silence.silenceId(), silence);
        byId.put(silence.silenceId(), silence);
    }

    public Optional<Silence> find(String silenceId) {
        return Optional.ofNullable(byId.get(silenceId));
    }

    public List<Silence> all() {
        return byId.values().stream().sorted(Comparator.comparing(Silence::createdAt)).toList();
    }

    /**
     * Until when the alert is silenced (the latest end of the silences holding now), or {@code null}: the one place
     * a silence is matched to an alert. The notify pipeline's mute stage asks it, and the engine records its answer on
     * the alert for readers of {@code impact-alerts}.
     */
    @Override
    public Instant silencedUntil(Alert alert, Instant now) {
        Instant until = null;
        for (Silence silence : byId.values()) {
            if (silence.isActiveAt(now) && silence.matches(alert) && (until == null || silence.until().isAfter(until))) {
                until = silence.until();
            }
        }
        return until;
    }

    /**
     * The silences that ended after {@code after} and no later than {@code upTo}, by their end (ended early by
     * someone, or run out): what a silence ending is told from.
     */
    public List<Silence> endedBetween(Instant after, Instant upTo) {
        return all().stream().filter(s -> s.until().isAfter(after) && !s.until().isAfter(upTo))
                .sorted(Comparator.comparing(Silence::until)).toList();
    }
}
