package uk.nhs.impactmonitor.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.topology.ImpactTopology;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * A restart of the model processor on the stores it left (what a process restart restores from the changelogs),
 * which TopologyTestDriver cannot show: it wipes its state when closed.
 */
class NationalModelProcessorRestartTest {

    static final LocalDate BASE_FROM = LocalDate.parse("2024-07-01");
    static final LocalDate BASE_TO = LocalDate.parse("2024-07-07");
    static final LocalDate D = LocalDate.parse("2024-08-07");
    static final CollectiveAction AG = CollectiveAction.STOP_ADVICE_AND_GUIDANCE;

    final PracticeDirectory directory = ModelFixture.directory(List.of("QX1", "QX2"),
            List.of("P1:QX1:10000", "P2:QX1:5000", "P3:QX2:2000"));
    final ImpactSettings settings = ImpactSettings.defaults().withBaseline(BASE_FROM, BASE_TO);
    final List<KeyValueStore<String, ?>> stores = List.of(
            store(StoreNames.PRACTICE_REPORTS, ImpactTopology.REPORT_STORE_SERDE),
            store(StoreNames.PRACTICE_NOTICES, Topics.PRACTICE_NOTICES.valueSerde()),
            store(StoreNames.PENDING_DAYS, Serdes.String()),
            store(StoreNames.INDICATOR_VALUES, ImpactTopology.INDICATOR_STORE_SERDE),
            store(StoreNames.MODEL_HORIZON, Serdes.String()));
    long wallClock = 1_000_000;

    @Test
    void shouldRetireTheAttributableChangeOfAnActionANoticeWasCorrectedAwayFromWhenRestartedBeforeEmitting() {
        // given the worked example of indicators.md, emitted: attributable change of A&G in QX1 on d is -1/7
        // (with = p1: rate7 1000·120/70,000 against base 2.0; without = p2: no change)
        NationalModelProcessor processor = start();
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            process(processor, ModelInput.of(ModelFixture.agReport("P1", day, 20)));
            process(processor, ModelInput.of(ModelFixture.agReport("P2", day, 10)));
        }
        for (LocalDate day = D.minusDays(6); day.isBefore(D); day = day.plusDays(1)) {
            process(processor, ModelInput.of(ModelFixture.agReport("P1", day, 20)));
            process(processor, ModelInput.of(ModelFixture.agReport("P2", day, 10)));
        }
        process(processor, ModelInput.of(ModelFixture.notice(NoticeEventType.DECLARED, "n1", "P1", AG, D, null)));
        process(processor, ModelInput.of(ModelFixture.agReport("P1", D, 0)));
        process(processor, ModelInput.of(ModelFixture.agReport("P2", D, 10)));
        emitAll(processor);
        assertThat(stored(AG).value()).isCloseTo(-1.0 / 7.0, within(1e-9));

        // when p1's notice is corrected to another action and the process stops before those days are emitted: the
        // notice store keeps only the corrected version, which no longer names A&G
        process(processor, ModelInput.of(ModelFixture.notice(NoticeEventType.CORRECTED, "n1", "P1",
                CollectiveAction.DEFER_PILOTS, D, null)));
        NationalModelProcessor restarted = start();
        emitAll(restarted);

        // then no practice stops A&G on d any more: its attributable change is absent, not the stale -1/7
        assertThat(stored(AG).value()).isNull();
        assertThat(stored(CollectiveAction.DEFER_PILOTS).value()).isCloseTo(-1.0 / 7.0, within(1e-9));
    }

    private IndicatorValue stored(CollectiveAction action) {
        @SuppressWarnings("unchecked")
        KeyValueStore<String, IndicatorValue> values = (KeyValueStore<String, IndicatorValue>) stores.get(3);
        IndicatorValue value = values.get(IndicatorValue.key("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, action, Metric.AG_REQUESTS));
        assertThat(value).as("attributable change of " + action + " in QX1 on " + D).isNotNull();
        return value;
    }

    /** A new processor over the same stores, as after a process restart. */
    private NationalModelProcessor start() {
        MockProcessorContext<String, ModelOutput> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0); // the model reads the wall clock to tell a backlog from live input
        for (KeyValueStore<String, ?> store : stores) {
            if (!store.isOpen()) {
                store.init(context.getStateStoreContext(), store);
            }
            context.addStateStore(store);
        }
        NationalModelProcessor processor = new NationalModelProcessor(settings, directory, (topic, reason) -> { });
        processor.init(context);
        return processor;
    }

    private void process(NationalModelProcessor processor, ModelInput input) {
        processor.process(new Record<>(input.practiceCode(), input, wallClock));
    }

    private void emitAll(NationalModelProcessor processor) {
        @SuppressWarnings("unchecked")
        KeyValueStore<String, String> pending = (KeyValueStore<String, String>) stores.get(2);
        for (int i = 0; i < 1000 && pending.approximateNumEntries() > 0; i++) {
            wallClock += 60_000;
            processor.emit(wallClock);
        }
        assertThat(pending.approximateNumEntries()).isZero();
    }

    private static <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde).withLoggingDisabled().build();
    }
}
