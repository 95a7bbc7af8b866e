package uk.nhs.impactmonitor.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.alerts.rule.Direction;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.alerts.rule.ScopeKind;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topic;

/** The engine over a recording stand-in for Kafka: what it writes to impact-alerts, and when. */
class AlertEngineTest {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 5);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-08-06T09:00:00Z"), ZoneOffset.UTC);

    /** Nothing reaches a broker: writes are recorded (the producer is never used, so never connects). */
    static final class RecordingKafka extends AlertsKafka {
        final List<Object> written = new ArrayList<>();

        RecordingKafka() {
            super(Map.of("bootstrap.servers", "127.0.0.1:9"), Map.of("bootstrap.servers", "127.0.0.1:9"));
            OPEN.add(this);
        }

        final Map<String, Object> stored = new java.util.HashMap<>();

        @Override
        public <V> void write(Topic<String, V> topic, String key, V value) {
            written.add(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> Map<String, V> readAll(Topic<String, V> topic) {
            return topic.name().equals("impact-alerts") ? (Map<String, V>) stored : Map.of();
        }
    }

    private static final List<RecordingKafka> OPEN = new ArrayList<>();

    @org.junit.jupiter.api.AfterAll
    static void closeProducers() {
        OPEN.forEach(RecordingKafka::destroy);
    }

    private static IndicatorValue value(Indicator indicator, LocalDate day, Double value) {
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, indicator, null, null, "QKK", day, value, null, null, false, 150, 900, Instant.EPOCH);
    }

    @Test
    void shouldJudgeValueAgainWhenItsDaysReportingCompletenessArrivesLater() {
        // given: A&G drop-off 0.7 (WARNING 0.3, CRITICAL 0.6) needs 50% of the ICB reporting that day
        Rule rule = new Rule("ag", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                0.3, 0.6, 0.2, null, 1, 0L, 0L, 0.5, null, null, null);
        RecordingKafka kafka = new RecordingKafka();
        AlertEngine engine = new AlertEngine(new RuleBook(List.of(rule), SyntheticDirectory.build()), kafka, new SilenceStore(kafka), CLOCK, 60);
        engine.evaluateAll();

        // when: the value first, then a completeness of 0.4 (too thin), then a corrected completeness of 0.55
        engine.onIndicator(value(Indicator.AG_DROPOFF, DAY, 0.7));
        int afterValue = kafka.written.size();
        engine.onIndicator(value(Indicator.REPORTING_COMPLETENESS, DAY, 0.4));
        int afterThin = kafka.written.size();
        engine.onIndicator(value(Indicator.REPORTING_COMPLETENESS, DAY, 0.55));

        // then
        assertThat(afterValue).isZero();
        assertThat(afterThin).isZero();
        assertThat(kafka.written).hasSize(1);
        Alert alert = (Alert) kafka.written.get(0);
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.value()).isEqualTo(0.7);
        assertThat(alert.threshold()).isEqualTo(0.6);
        assertThat(engine.find(alert.alertId())).contains(alert);
    }

    @Test
    void shouldResolveFiringAlertWhoseRuleIsNoLongerConfiguredWhenStarting() {
        // given: impact-alerts holds a firing alert of a rule since removed from the configuration
        Rule kept = new Rule("ag", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                0.3, 0.6, 0.2, null, 1, 0L, 0L, null, null, null, null);
        RecordingKafka kafka = new RecordingKafka();
        Alert orphan = new Alert(1, "orphan-1", "removed_rule", Indicator.REFERRAL_CHANGE, null, null, "QKK",
                uk.nhs.impactmonitor.domain.alert.Severity.WARNING, AlertState.FIRING, 0.2, 0.15, Instant.EPOCH, DAY, null, null,
                Instant.EPOCH, Instant.EPOCH, null, null, null, null, Instant.EPOCH);
        kafka.stored.put(orphan.alertId(), orphan);
        AlertEngine engine = new AlertEngine(new RuleBook(List.of(kept), SyntheticDirectory.build()), kafka, new SilenceStore(kafka), CLOCK, 60);

        // when
        engine.restore();
        engine.evaluateAll();

        // then
        assertThat(kafka.written).hasSize(1);
        Alert resolved = (Alert) kafka.written.get(0);
        assertThat(resolved.alertId()).isEqualTo("orphan-1");
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(CLOCK.instant());
        assertThat(resolved.startsAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void shouldWriteOnlyChangesAReaderSees() {
        // given
        Rule rule = new Rule("ag", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                0.3, 0.6, 0.2, null, 1, 0L, 0L, null, null, null, null);
        RecordingKafka kafka = new RecordingKafka();
        AlertEngine engine = new AlertEngine(new RuleBook(List.of(rule), SyntheticDirectory.build()), kafka, new SilenceStore(kafka), CLOCK, 60);
        engine.evaluateAll();

        // when: fires; the same reading again; an older day corrected (the latest day is still judged); a null
        engine.onIndicator(value(Indicator.AG_DROPOFF, DAY, 0.35));
        engine.onIndicator(value(Indicator.AG_DROPOFF, DAY, 0.35));
        engine.onIndicator(value(Indicator.AG_DROPOFF, DAY.minusDays(3), 0.9));
        engine.onIndicator(value(Indicator.AG_DROPOFF, DAY.plusDays(1), null));

        // then: one write, the firing; the null day changes nothing
        assertThat(kafka.written).hasSize(1);
        assertThat(((Alert) kafka.written.get(0)).day()).isEqualTo(DAY);
    }
}
