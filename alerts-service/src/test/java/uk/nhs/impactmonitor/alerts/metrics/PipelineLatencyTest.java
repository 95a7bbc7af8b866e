package uk.nhs.impactmonitor.alerts.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.rule.Direction;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.alerts.rule.ScopeKind;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * monitor_pipeline_latency_seconds{stage="alert"|"webhook"} on the real engine: indicator records with known
 * Kafka timestamps, the engine's clock moved by hand, durations worked out from the two.
 */
class PipelineLatencyTest {

    private static final Instant T = Instant.parse("2024-08-06T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2024, 8, 5);

    /** A clock the test sets. */
    static final class SetClock extends Clock {
        Instant now = T;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Writes are kept, never sent (the producer never connects). */
    static final class NoBroker extends AlertsKafka {
        NoBroker() {
            super(Map.of("bootstrap.servers", "127.0.0.1:9"), Map.of("bootstrap.servers", "127.0.0.1:9"));
        }

        final List<Object> written = new ArrayList<>();

        @Override
        public <V> void write(Topic<String, V> topic, String key, V value) {
            written.add(value);
        }

        @Override
        public <V> Map<String, V> readAll(Topic<String, V> topic) {
            return Map.of();
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PipelineLatency latency = new PipelineLatency(registry);
    private final SetClock clock = new SetClock();
    private final NoBroker kafka = new NoBroker();

    @AfterEach
    void close() {
        kafka.destroy();
    }

    private AlertEngine engine() {
        // A&G drop-off above 0.3 is WARNING, above 0.6 CRITICAL, back under 0.2 resolves; one day in breach fires
        Rule rule = new Rule("ag", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                0.3, 0.6, 0.2, null, 1, 0L, 0L, null, null, null, null);
        AlertEngine engine = new AlertEngine(new RuleBook(List.of(rule), SyntheticDirectory.build()), kafka, new SilenceStore(kafka), clock, 60,
                latency);
        engine.evaluateAll();
        return engine;
    }

    private static IndicatorValue dropoff(double value) {
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.AG_DROPOFF, null, null, "QKK", DAY, value, null, null, false, 150, 900, Instant.EPOCH);
    }

    private Timer timer(String stage) {
        return registry.find(PipelineLatency.NAME).tag("stage", stage).timer();
    }

    @Test
    void shouldTimeEachTransitionFromItsIndicatorRecordWhenTheEngineChangesAnAlert() {
        // given
        AlertEngine engine = engine();

        // when: 0.7 stamped 2.5 s before the engine judges it (fires CRITICAL); 0.65 only updates the firing alert's
        // value (no transition); 0.1 stamped at T+10 s and judged at T+13 s resolves
        engine.onIndicator(dropoff(0.7), T.minusMillis(2_500).toEpochMilli());
        clock.now = T.plusSeconds(5);
        engine.onIndicator(dropoff(0.65), T.plusSeconds(4).toEpochMilli());
        clock.now = T.plusSeconds(13);
        engine.onIndicator(dropoff(0.1), T.plusSeconds(10).toEpochMilli());

        // then: two transitions, 2.5 s and 3 s
        assertThat(kafka.written).extracting(a -> ((Alert) a).state()).containsSubsequence(AlertState.FIRING, AlertState.RESOLVED)
                .doesNotContain(AlertState.PENDING).endsWith(AlertState.RESOLVED);
        assertThat(timer("alert").count()).isEqualTo(2);
        assertThat(timer("alert").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5_500.0);
        assertThat(timer("alert").max(TimeUnit.MILLISECONDS)).isEqualTo(3_000.0);
    }

    @Test
    void shouldNotTimeATransitionWhenNoIndicatorRecordCausedIt() {
        // given
        AlertEngine engine = engine();

        // when: a value handed over without its record (as the replay's judgement of every series is), then acknowledged
        engine.onIndicator(dropoff(0.7));
        engine.acknowledge(((Alert) kafka.written.get(0)).alertId(), "planner", null);

        // then
        assertThat(kafka.written).hasSize(2);
        assertThat(timer("alert").count()).isZero();
    }

    @Test
    void shouldTimeTheWebhookFromTheIndicatorRecordWhenTheNotificationOfThatTransitionIsDelivered() {
        // given: the alert fired from a record stamped T-1 s, judged at T
        AlertEngine engine = engine();
        engine.onIndicator(dropoff(0.7), T.minusSeconds(1).toEpochMilli());
        Alert firing = (Alert) kafka.written.get(0);
        NotificationRecord item = new NotificationRecord(NotificationRecord.SCHEMA_VERSION, "s1/webhook", firing.alertId(), AlertState.FIRING,
                Severity.CRITICAL, firing.startsAt(), null, 1);

        // when: two subscribers told 30.5 s and 31 s later (group wait), a repeat, a stale state and an unknown alert
        latency.delivered("webhook", item, T.plusMillis(30_500));
        latency.delivered("webhook", new NotificationRecord(1, "s2/webhook", firing.alertId(), AlertState.FIRING, Severity.CRITICAL,
                firing.startsAt(), null, 1), T.plusSeconds(31));
        latency.delivered("webhook", new NotificationRecord(1, "s1/webhook", firing.alertId(), AlertState.FIRING, Severity.CRITICAL,
                firing.startsAt(), null, 2), T.plus(Duration.ofHours(4)));
        latency.delivered("webhook", new NotificationRecord(1, "s1/webhook", firing.alertId(), AlertState.FIRING, Severity.WARNING,
                firing.startsAt(), null, 1), T.plusSeconds(40));
        latency.delivered("webhook", new NotificationRecord(1, "s1/webhook", "other", AlertState.FIRING, Severity.CRITICAL,
                firing.startsAt(), null, 1), T.plusSeconds(40));
        latency.delivered("email", item, T.plusSeconds(59));

        // then: 31.5 s and 32 s on the webhook, 60 s by e-mail; nothing for the rest
        assertThat(timer("webhook").count()).isEqualTo(2);
        assertThat(timer("webhook").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(63_500.0);
        assertThat(timer("email").count()).isEqualTo(1);
        assertThat(timer("email").totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
        assertThat(timer("alert").totalTime(TimeUnit.SECONDS)).isEqualTo(1.0);
    }
}
