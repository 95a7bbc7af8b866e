package uk.nhs.impactmonitor.streams.topology;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.JsonSerde;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.appointments.AppointmentsProcessor;
import uk.nhs.impactmonitor.streams.appointments.AreaAppointments;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHandler;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;
import uk.nhs.impactmonitor.streams.model.ModelInput;
import uk.nhs.impactmonitor.streams.model.ModelOutput;
import uk.nhs.impactmonitor.streams.model.NationalModelProcessor;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * The one topology of impact-streams, used by the application and by every test.
 *
 * <p>Notices and reports are mapped to one input type, keyed by practice, and repartitioned onto a single
 * partition so that, whatever the input topics' partition counts, every practice meets in one task: the
 * national model. It has to: attributable change groups practices by whether an action is in force on day d
 * while pooling their reports over W(d) and the baseline, which per-day area sums cannot give, and England
 * needs every practice. A national year is about 2.3M reports, which one task holds comfortably.
 *
 * <p>Every processor, store and internal topic is named, so the internal topics keep their names when the
 * topology changes.
 */
public final class ImpactTopology {

    /** Internal topic {@code <application.id>-national-model-input-repartition}. */
    public static final String MODEL_INPUT = "national-model-input";
    /** Internal topic {@code <application.id>-appointments-input-repartition}. */
    public static final String APPOINTMENTS_INPUT = "appointments-input";
    /** The area-appointment-totals store's values. */
    public static final Serde<AreaAppointments> AREA_APPOINTMENTS_SERDE = new JsonSerde<>(AreaAppointments.class);
    /** Reports compact, notices JSON (see {@link CompactSerde}): the repartition topic is impact-streams' own. */
    public static final Serde<ModelInput> MODEL_INPUT_SERDE = CompactReports.modelInputSerde(
            new JsonSerde<>(ModelInput.class, ModelInput::problems));
    /** The report store's values, compact (see {@link CompactSerde}); JSON written before is still read. */
    public static final Serde<DailyReport> REPORT_STORE_SERDE = CompactReports.storeSerde(Topics.PRACTICE_ACTIVITY.valueSerde());
    /** The indicator-values store's values, compact (see {@link CompactSerde}); JSON written before is still read. */
    public static final Serde<IndicatorValue> INDICATOR_STORE_SERDE =
            CompactIndicatorValues.storeSerde(Topics.IMPACT_INDICATORS.valueSerde());

    /**
     * Where an unreadable record of the repartition topic goes ({@link DeadLetterHandler} sends every input topic's to
     * {@code <topic>.dlq}). It must exist beforehand: Kafka Streams creates only the repartition topic itself, and on
     * a broker that does not create topics on first use the dead-letter send would wait for it and stall the model.
     */
    public static String modelInputDeadLetterTopic(String applicationId) {
        return applicationId + "-" + MODEL_INPUT + "-repartition.dlq";
    }

    /** Where an unreadable record of the appointments repartition topic goes (created beforehand, as above). */
    public static String appointmentsInputDeadLetterTopic(String applicationId) {
        return applicationId + "-" + APPOINTMENTS_INPUT + "-repartition.dlq";
    }

    private ImpactTopology() {
    }

    public static StreamsBuilder build(StreamsBuilder builder, ImpactSettings settings, PracticeDirectory directory) {
        return build(builder, settings, directory, DeadLetters.NONE);
    }

    public static StreamsBuilder build(StreamsBuilder builder, ImpactSettings settings, PracticeDirectory directory,
                                       DeadLetters deadLetters) {
        return build(builder, settings, directory, deadLetters, settings.calendar().load());
    }

    /** @param calendar the bank holidays (the application loads them once at start-up, from {@code monitor.calendar}) */
    public static StreamsBuilder build(StreamsBuilder builder, ImpactSettings settings, PracticeDirectory directory,
                                       DeadLetters deadLetters, ActivityCalendar calendar) {
        builder.addStateStore(store(settings, StoreNames.PRACTICE_REPORTS, REPORT_STORE_SERDE));
        builder.addStateStore(store(settings, StoreNames.PRACTICE_NOTICES, Topics.PRACTICE_NOTICES.valueSerde()));
        builder.addStateStore(store(settings, StoreNames.PENDING_DAYS, Serdes.String()));
        builder.addStateStore(store(settings, StoreNames.INDICATOR_VALUES, INDICATOR_STORE_SERDE));
        builder.addStateStore(store(settings, StoreNames.MODEL_HORIZON, Serdes.String()));
        builder.addStateStore(store(settings, StoreNames.SUB_ICB_APPOINTMENTS, Topics.AREA_APPOINTMENTS.valueSerde()));
        builder.addStateStore(store(settings, StoreNames.AREA_APPOINTMENT_TOTALS, AREA_APPOINTMENTS_SERDE));

        KStream<String, ModelInput> notices = builder
                .stream(Topics.PRACTICE_NOTICES.name(), Consumed.with(Topics.PRACTICE_NOTICES.keySerde(), Topics.PRACTICE_NOTICES.valueSerde())
                        .withName("practice-notices-source"))
                .filter((key, notice) -> notice != null, Named.as("practice-notices-present"))
                .mapValues(ModelInput::of, Named.as("practice-notices-as-model-input"));
        KStream<String, ModelInput> reports = builder
                .stream(Topics.PRACTICE_ACTIVITY.name(), Consumed.with(Topics.PRACTICE_ACTIVITY.keySerde(), Topics.PRACTICE_ACTIVITY.valueSerde())
                        .withName("practice-activity-source"))
                .filter((key, report) -> report != null, Named.as("practice-activity-present"))
                .mapValues(ModelInput::of, Named.as("practice-activity-as-model-input"));

        KStream<String, ModelOutput> output = notices
                .merge(reports, Named.as("model-inputs"))
                .selectKey((key, input) -> input.practiceCode(), Named.as("model-input-by-practice"))
                .repartition(Repartitioned.with(Serdes.String(), MODEL_INPUT_SERDE).withName(MODEL_INPUT).withNumberOfPartitions(1))
                .process(() -> new NationalModelProcessor(settings, directory, deadLetters, calendar), Named.as("national-model"),
                        StoreNames.PRACTICE_REPORTS, StoreNames.PRACTICE_NOTICES, StoreNames.PENDING_DAYS,
                        StoreNames.INDICATOR_VALUES, StoreNames.MODEL_HORIZON);

        // the appointments feed: one partition too, so that it shares the model's task and its indicator store (an
        // unreadable record goes to area-appointments.dlq through the DeadLetterHandler, like the other inputs)
        KStream<String, ModelOutput> appointments = builder
                .stream(Topics.AREA_APPOINTMENTS.name(), Consumed.with(Topics.AREA_APPOINTMENTS.keySerde(),
                        Topics.AREA_APPOINTMENTS.valueSerde()).withName("area-appointments-source"))
                .filter((key, counts) -> counts != null, Named.as("area-appointments-present"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.AREA_APPOINTMENTS.valueSerde())
                        .withName(APPOINTMENTS_INPUT).withNumberOfPartitions(1))
                .process(() -> new AppointmentsProcessor(settings, directory, calendar), Named.as("appointments-model"),
                        StoreNames.SUB_ICB_APPOINTMENTS, StoreNames.AREA_APPOINTMENT_TOTALS, StoreNames.INDICATOR_VALUES,
                        StoreNames.MODEL_HORIZON);

        output.merge(appointments, Named.as("model-outputs")).split(Named.as("national-model-output-"))
                .branch((key, out) -> out.isIndicator(), Branched.<String, ModelOutput>withConsumer(values -> values
                        .mapValues(ModelOutput::indicator, Named.as("indicator-value"))
                        .to(Topics.IMPACT_INDICATORS.name(), Produced.with(Topics.IMPACT_INDICATORS.keySerde(),
                                Topics.IMPACT_INDICATORS.valueSerde()).withName("impact-indicators-sink"))).withName("indicators"))
                .defaultBranch(Branched.<String, ModelOutput>withConsumer(refused -> refused
                        .mapValues(ModelOutput::deadLetterValue, Named.as("dead-letter-value"))
                        .to((key, value, context) -> deadLetterTopicOf(context.headers()),
                                Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-sink"))).withName("dead-letters"));
        return builder;
    }

    private static String deadLetterTopicOf(Headers headers) {
        String source = DeadLetterHeaders.get(headers, DeadLetterHeaders.SOURCE_TOPIC);
        return (source == null || source.isEmpty() ? Topics.PRACTICE_ACTIVITY.name() : source) + ".dlq";
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(ImpactSettings settings, String name, Serde<V> valueSerde) {
        KeyValueBytesStoreSupplier supplier = settings.streams().inMemoryStores()
                ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
        // no caching: the model reads its own writes at once and emits changes itself
        return Stores.keyValueStoreBuilder(supplier, Serdes.String(), valueSerde).withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }
}
