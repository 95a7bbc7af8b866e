package uk.nhs.impactmonitor.alerts.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.web.audit.AuditLog;

/**
 * The one place a silence running to its end is written to the audit trail ({@code SILENCE_EXPIRED}, actor: the
 * service): every {@code monitor.alerts.audit.expiry-check-interval} it asks the silence store which silences have expired and
 * are not yet recorded, writes one event for each and waits for Kafka's acknowledgement, then marks the silence as
 * recorded on the silences topic.
 *
 * <p>Exactly once per silence, also across a restart: the mark is on the compacted silences topic, read back at start
 * with the silences, so a silence that expired while the service was down is recorded after it starts, and one already
 * recorded is not recorded again. The one gap, a crash between the acknowledged event and the mark, writes the event
 * again after the restart with the same {@code eventId} (derived from the silence id), which the audit query counts once.
 * A silence ended by someone ({@code DELETE}) is their {@code SILENCE_ENDED}, recorded by {@link SilencesController}.
 */
@Component
@EnableConfigurationProperties(SilenceExpiryRecorder.Settings.class)
class SilenceExpiryRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SilenceExpiryRecorder.class);

    /**
     * {@code monitor.alerts.audit.*}.
     *
     * @param expiryCheckInterval how often expired silences are looked for; default 10s (an expiry's audit event is at
     *                            most this late; its {@code detail.until} says when it ran out)
     */
    @ConfigurationProperties("monitor.alerts.audit")
    record Settings(@DefaultValue("10s") Duration expiryCheckInterval) {
    }

    private final SilenceStore silences;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration interval;
    private final AtomicLong looks = new AtomicLong();
    private ScheduledExecutorService scheduler;

    SilenceExpiryRecorder(SilenceStore silences, AuditLog audit, Clock alertsClock, Settings settings) {
        this.silences = silences;
        this.audit = audit;
        this.clock = alertsClock;
        this.interval = settings.expiryCheckInterval();
    }

    /** Records each silence expired by now and not yet recorded; returns how many it recorded. */
    int recordExpiries() {
        Instant now = clock.instant();
        int recorded = 0;
        for (Silence silence : silences.expiredUnrecorded(now)) {
            UUID eventId = UUID.nameUUIDFromBytes(("silence-expired/" + silence.silenceId()).getBytes(StandardCharsets.UTF_8));
            if (!audit.recordNow(eventId, AuditAction.SILENCE_EXPIRED, "silence/" + silence.silenceId(), silence.matchers().area(),
                    SilencesController.detailOf(silence))) {
                // not acknowledged: not marked, so the next look tries again
                break;
            }
            silences.markExpiryRecorded(silence.silenceId(), now);
            recorded++;
        }
        looks.incrementAndGet();
        return recorded;
    }

    /** Completed looks, for tests that wait for one. */
    long looks() {
        return looks.get();
    }

    /**
     * The first look is one interval after start: before the alerts runtime has read the silences back a look finds
     * none (and records nothing), after it every expired silence not yet recorded.
     */
    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "silence-expiry-audit");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                recordExpiries();
            } catch (RuntimeException e) {
                log.warn("Could not record expired silences in the audit trail: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
