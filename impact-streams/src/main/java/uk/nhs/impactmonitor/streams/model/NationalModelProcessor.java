package uk.nhs.impactmonitor.streams.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.metrics.ModelLatency;
import uk.nhs.impactmonitor.streams.topology.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.topology.DeadLetters;
import uk.nhs.impactmonitor.streams.topology.ModelInput;
import uk.nhs.impactmonitor.streams.topology.ModelOutput;
import uk.nhs.impactmonitor.streams.topology.StoreNames;

/**
 * The national model's processor. A record only updates state and marks the days it affects as pending; a
 * wall-clock punctuation recomputes pending days (latest first), and writes and forwards only the values that
 * changed. This coalesces a burst (a national replay) into one recomputation per day instead of one per record.
 * The stores are the source of truth: the in-memory {@link NationalModel} is rebuilt from them on every start,
 * so restoring from the changelogs restores the model.
 */
public final class NationalModelProcessor implements Processor<String, ModelInput, String, ModelOutput> {

    private static final Logger log = LoggerFactory.getLogger(NationalModelProcessor.class);
    /** Pending-days key meaning "every day of the horizon" (day keys are ISO dates). */
    static final String EVERY_DAY = "every-day";
    /** After an emission that took t, input is read for at least INGEST_SHARE · t before the next one. */
    static final long INGEST_SHARE = 3;

    private final ImpactSettings settings;
    private final PracticeDirectory directory;
    private final DeadLetters deadLetters;

    private ProcessorContext<String, ModelOutput> context;
    private KeyValueStore<String, DailyReport> reports;
    private KeyValueStore<String, NoticeEvent> notices;
    private KeyValueStore<String, String> pendingDays;
    private KeyValueStore<String, IndicatorValue> indicatorValues;
    private KeyValueStore<String, String> horizon;
    private NationalModel model;
    /** Start points of monitor_pipeline_latency_seconds{stage="model"} (see ModelLatency). */
    private ModelLatency.Tracker latency;
    /** The keys of pending-days, so a day already pending costs no store write (and no changelog record). */
    private final Set<String> pending = new HashSet<>();
    /** What the horizon store holds under {@link #EVER_NOTICED}, so an unchanged set costs no write. */
    private final java.util.Map<String, String> storedEverNoticed = new java.util.HashMap<>();
    /** Horizon-store key prefix of the actions ever named by a notice in an area, e.g. {@code ever-noticed/QE1}. */
    static final String EVER_NOTICED = "ever-noticed/";
    /** Wall clock before which no emission starts, so a backlog (a national replay) is not starved by recomputation. */
    private long nextEmitAt;
    /** Whether input arrived since the last emission: the pause that leaves room for input is only owed to input. */
    private boolean inputSinceEmit;
    private LocalDate storedEarliest;
    private LocalDate storedLatest;

    public NationalModelProcessor(ImpactSettings settings, PracticeDirectory directory, DeadLetters deadLetters) {
        this.settings = settings;
        this.directory = directory;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, ModelOutput> context) {
        this.context = context;
        reports = context.getStateStore(StoreNames.PRACTICE_REPORTS);
        notices = context.getStateStore(StoreNames.PRACTICE_NOTICES);
        pendingDays = context.getStateStore(StoreNames.PENDING_DAYS);
        indicatorValues = context.getStateStore(StoreNames.INDICATOR_VALUES);
        horizon = context.getStateStore(StoreNames.MODEL_HORIZON);
        model = new NationalModel(directory, settings.baselineFrom(), settings.baselineTo());
        latency = ModelLatency.from(context.appConfigs()).tracker();
        int reportCount = 0;
        try (KeyValueIterator<String, DailyReport> all = reports.all()) {
            while (all.hasNext()) {
                DailyReport report = all.next().value;
                if (model.isKnownPractice(report.practiceCode())) {
                    model.putReport(report);
                    reportCount++;
                }
            }
        }
        int noticeCount = 0;
        try (KeyValueIterator<String, NoticeEvent> all = notices.all()) {
            while (all.hasNext()) {
                NoticeEvent notice = all.next().value;
                if (model.isKnownPractice(notice.practiceCode())) {
                    model.putNotice(notice);
                    noticeCount++;
                }
            }
        }
        model.restoreHorizon(day(horizon.get(StoreNames.EARLIEST)), day(horizon.get(StoreNames.LATEST)));
        storedEverNoticed.clear();
        try (KeyValueIterator<String, String> all = horizon.prefixScan(EVER_NOTICED, new org.apache.kafka.common.serialization.StringSerializer())) {
            all.forEachRemaining(entry -> {
                String area = entry.key.substring(EVER_NOTICED.length());
                storedEverNoticed.put(area, entry.value);
                model.restoreEverNoticed(area, entry.value.isEmpty() ? List.of()
                        : java.util.Arrays.stream(entry.value.split(",")).map(CollectiveAction::valueOf).toList());
            });
        }
        storedEarliest = day(horizon.get(StoreNames.EARLIEST));
        storedLatest = day(horizon.get(StoreNames.LATEST));
        pending.clear();
        try (KeyValueIterator<String, String> all = pendingDays.all()) {
            all.forEachRemaining(entry -> pending.add(entry.key));
        }
        log.info("National model rebuilt from its stores: {} reports, {} notices, days {}..{}", reportCount, noticeCount,
                model.earliest(), model.latest());
        context.schedule(settings.streams().emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emit);
    }

    @Override
    public void process(Record<String, ModelInput> record) {
        inputSinceEmit = true;
        ModelInput input = record.value();
        if (input == null) {
            return;
        }
        if (!model.isKnownPractice(input.practiceCode())) {
            deadLetter(record, input, "practiceCode: '" + input.practiceCode() + "' is not a practice in the directory");
            return;
        }
        NationalModel.Affected affected;
        if (input.report() != null) {
            reports.put(input.report().key(), input.report());
            affected = model.putReport(input.report());
        } else {
            notices.put(input.notice().noticeId(), input.notice());
            affected = model.putNotice(input.notice());
            storeEverNoticed(input.practiceCode());
        }
        if (affected.everyDay()) {
            markPending(EVERY_DAY);
            latency.pending(EVERY_DAY, record.timestamp());
        }
        for (LocalDate day : affected.days()) {
            markPending(day.toString());
            latency.pending(day.toString(), record.timestamp());
        }
        if (!model.earliest().equals(storedEarliest)) {
            storedEarliest = model.earliest();
            horizon.put(StoreNames.EARLIEST, storedEarliest.toString());
        }
        if (!model.latest().equals(storedLatest)) {
            storedLatest = model.latest();
            horizon.put(StoreNames.LATEST, storedLatest.toString());
        }
    }

    /** Keeps the model's "actions ever named" per area in the horizon store, written only when it grows. */
    private void storeEverNoticed(String practiceCode) {
        for (String area : directory.areasOf(practiceCode)) {
            String actions = model.everNoticed(area).stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(","));
            if (!actions.equals(storedEverNoticed.get(area))) {
                storedEverNoticed.put(area, actions);
                horizon.put(EVER_NOTICED + area, actions);
            }
        }
    }

    private void markPending(String key) {
        if (pending.add(key)) {
            pendingDays.put(key, "");
        }
    }

    /** Recomputes pending days, latest first, and emits what changed. */
    void emit(long wallClockMs) {
        // once the input has stopped (the end of a replay), the days still pending are recomputed back to back
        if (wallClockMs < nextEmitAt && inputSinceEmit) {
            return;
        }
        if (pending.remove(EVERY_DAY)) {
            for (LocalDate day : model.allDays()) {
                markPending(day.toString());
            }
            pendingDays.delete(EVERY_DAY);
            latency.spread(EVERY_DAY, model.allDays());
        }
        List<String> days = new ArrayList<>();
        try (KeyValueIterator<String, String> keys = pendingDays.reverseAll()) {
            while (keys.hasNext() && days.size() < settings.streams().maxDaysPerEmit()) {
                days.add(keys.next().key);
            }
        }
        if (days.isEmpty()) {
            return;
        }
        Instant now = Instant.ofEpochMilli(wallClockMs);
        long started = System.nanoTime();
        int changed = 0;
        int computed = 0;
        for (String day : days) {
            // keep one emission well inside the transaction timeout; what is left stays pending for the next one
            if (computed > 0 && System.nanoTime() - started > settings.streams().emitBudget().toNanos()) {
                break;
            }
            computed++;
            int changedBefore = changed;
            NationalModel.DayValues values = model.compute(LocalDate.parse(day), now);
            for (IndicatorValue value : values.values()) {
                changed += write(value, false, wallClockMs);
            }
            for (IndicatorValue value : values.noLongerInForce()) {
                changed += write(value, true, wallClockMs);
            }
            pendingDays.delete(day);
            pending.remove(day);
            latency.recomputed(day, wallClockMs, changed - changedBefore);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // recomputing may take at most a quarter of the thread's time; the rest goes to reading input
        nextEmitAt = wallClockMs + INGEST_SHARE * elapsedMs;
        inputSinceEmit = false;
        log.debug("Recomputed {} days in {} ms, {} values changed", computed, elapsedMs, changed);
    }

    private int write(IndicatorValue value, boolean onlyOverExisting, long wallClockMs) {
        String key = value.key();
        IndicatorValue stored = indicatorValues.get(key);
        if (value.sameReadingAs(stored) || (onlyOverExisting && (stored == null || stored.value() == null))) {
            return 0;
        }
        indicatorValues.put(key, value);
        context.forward(new Record<>(key, ModelOutput.of(value), wallClockMs));
        return 1;
    }

    private void deadLetter(Record<String, ModelInput> record, ModelInput input, String reason) {
        String sourceTopic = input.report() != null ? Topics.PRACTICE_ACTIVITY.name() : Topics.PRACTICE_NOTICES.name();
        String key = input.report() != null ? input.report().key() : input.notice().practiceCode();
        byte[] value = input.report() != null
                ? Topics.PRACTICE_ACTIVITY.valueSerde().serializer().serialize(sourceTopic, input.report())
                : Topics.PRACTICE_NOTICES.valueSerde().serializer().serialize(sourceTopic, input.notice());
        // the record reached the model through the repartition topic, so its original partition and offset are gone
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.add(headers, reason, "UnknownPractice", sourceTopic, -1, -1);
        log.warn("Record for {} dead-lettered: {}", key, reason);
        deadLetters.deadLettered(sourceTopic, reason);
        context.forward(new Record<>(key, ModelOutput.deadLetter(sourceTopic + ".dlq", key, value), record.timestamp(), headers));
    }

    private static LocalDate day(String text) {
        return text == null ? null : LocalDate.parse(text);
    }
}
