package uk.nhs.impactmonitor.streams.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;

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
    /** After an emission that took t, input is read for at least INGEST_SHARE · t before the next one (≤ 25% recomputing). */
    static final long INGEST_SHARE = 3;
    /** The same while catching up (≤ 10% recomputing): what is left is recomputed once, when the input has caught up. */
    static final long CATCH_UP_INGEST_SHARE = 9;
    /**
     * Fewer records than this since the last emission is a trickle (a planner's notice, a practice's report): there is
     * no input to starve, so it is recomputed at the next punctuation whatever the last emission cost. Pacing it by the
     * last emission (4 × its time) made a notice wait ~1 s once a national day cost ~60 ms to recompute (indicators.md
     * version 2's intervals): the notice → API p50 of 801 ms in docs/benchmarks.md.
     */
    static final long TRICKLE_RECORDS = 100;
    /**
     * A record written this long before it is read shows the model is behind its input (a replay, a restart after
     * downtime): it is caught up at the catch-up pace however few records each punctuation finds. On one stream thread
     * the model's input arrives a commit at a time behind the re-keying task, so "few records since the last
     * emission" does not mean "no backlog". Ten seconds leaves room for the producers' clocks to differ a little.
     */
    static final long BACKLOG_AGE_MS = 10_000;

    private final ImpactSettings settings;
    private final PracticeDirectory directory;
    private final DeadLetters deadLetters;
    private final uk.nhs.impactmonitor.domain.calendar.ActivityCalendar calendar;

    private ProcessorContext<String, ModelOutput> context;
    private KeyValueStore<String, DailyReport> reports;
    private KeyValueStore<String, NoticeEvent> notices;
    private KeyValueStore<String, String> pendingDays;
    private IndicatorOutput output;
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
    /** When the last emission started (wall clock) and how long it took: the next waits so input is not starved. */
    private long lastEmitAt;
    private long lastEmitMs;
    /**
     * Set when an emission finds a backlog (at least {@code catch-up-records} read since the one before), cleared when
     * the input stops: while set, emissions keep the catch-up pace even when the punctuation right after a long
     * emission finds nothing read yet (the thread could not read while it recomputed, and under exactly-once the
     * repartition topic's records arrive a commit at a time). Without it, that empty punctuation counted as "no
     * backlog", the next emission followed at once, and a replay spent most of its thread recomputing days its later
     * records dirtied again.
     */
    private boolean catchingUp;
    /** Records read since the last punctuation, and the last punctuation that found some: when the input has stopped. */
    private long recordsSincePunctuation;
    private long lastInputAt;
    /**
     * Input quiet for this long has stopped, so pending days are recomputed without waiting. Longer than the gaps
     * between a replay's records (under exactly-once the model reads the repartition topic a commit at a time).
     */
    static final long QUIET_MS = 500;
    /**
     * Records read since the last emission: none means the pause that leaves room for input is owed to nobody; at
     * least {@code catch-up-records} means the model is catching up (a replay, a bulk load) and emits at the catch-up
     * pace.
     */
    private long recordsSinceEmit;
    /** Of those, records read more than {@link #BACKLOG_AGE_MS} after they were written. */
    private long oldRecordsSinceEmit;
    private LocalDate storedEarliest;
    private LocalDate storedLatest;

    private LocalDate storedHorizon;

    /** With the bank holidays the settings name. */
    public NationalModelProcessor(ImpactSettings settings, PracticeDirectory directory, DeadLetters deadLetters) {
        this(settings, directory, deadLetters, settings.calendar().load());
    }

    public NationalModelProcessor(ImpactSettings settings, PracticeDirectory directory, DeadLetters deadLetters,
                                  uk.nhs.impactmonitor.domain.calendar.ActivityCalendar calendar) {
        this.settings = settings;
        this.directory = directory;
        this.deadLetters = deadLetters;
        this.calendar = calendar;
    }

    @Override
    public void init(ProcessorContext<String, ModelOutput> context) {
        this.context = context;
        reports = context.getStateStore(StoreNames.PRACTICE_REPORTS);
        notices = context.getStateStore(StoreNames.PRACTICE_NOTICES);
        pendingDays = context.getStateStore(StoreNames.PENDING_DAYS);
        output = IndicatorOutput.of(context);
        catchingUp = false;
        horizon = context.getStateStore(StoreNames.MODEL_HORIZON);
        model = new NationalModel(directory, settings.baselineFrom(), settings.baselineTo(), calendar,
                settings.indicators().reportingLagDays());
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
        storedHorizon = day(horizon.get(StoreNames.HORIZON));
        // H is the latest report's day, which the reports give: a store written before H was kept is brought up to date
        storeHorizon();
        pending.clear();
        try (KeyValueIterator<String, String> all = pendingDays.all()) {
            all.forEachRemaining(entry -> pending.add(entry.key));
        }
        log.info("National model rebuilt from its stores: {} reports, {} notices, days {}..{}", reportCount, noticeCount,
                model.earliest(), model.latest());
        output.schedule(settings, this::emit);
    }

    @Override
    public void process(Record<String, ModelInput> record) {
        recordsSinceEmit++;
        recordsSincePunctuation++;
        if (context.currentSystemTimeMs() - record.timestamp() > BACKLOG_AGE_MS) {
            oldRecordsSinceEmit++;
        }
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
        storeHorizon();
    }

    /** Keeps H in the horizon store (the API's default day and {@code GET /api/v1/horizon}), written when it moves. */
    private void storeHorizon() {
        LocalDate now = model.horizon();
        if (now != null && !now.equals(storedHorizon)) {
            storedHorizon = now;
            horizon.put(StoreNames.HORIZON, now.toString());
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
        if (!due(wallClockMs)) {
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
            recordsSinceEmit = 0; // input that changed nothing is no backlog
            oldRecordsSinceEmit = 0;
            return;
        }
        lastEmitAt = wallClockMs;
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
                changed += output.write(value, wallClockMs);
            }
            for (IndicatorValue value : values.noLongerInForce()) {
                changed += output.write(value, true, wallClockMs);
            }
            pendingDays.delete(day);
            pending.remove(day);
            latency.recomputed(day, wallClockMs, changed - changedBefore);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        lastEmitMs = elapsedMs;
        recordsSinceEmit = 0;
        oldRecordsSinceEmit = 0;
        log.debug("Recomputed {} days in {} ms, {} values changed", computed, elapsedMs, changed);
    }

    /** Whether an emission is due: recomputing must not starve the input, least of all while catching up. */
    private boolean due(long wallClockMs) {
        if (recordsSincePunctuation > 0) {
            lastInputAt = wallClockMs;
            recordsSincePunctuation = 0;
        }
        long sinceLast = wallClockMs - lastEmitAt;
        // no input for a while (the end of a replay): the days still pending are recomputed back to back. The time
        // the last emission took does not count: the thread could not read then
        if (wallClockMs - Math.max(lastInputAt, lastEmitAt + lastEmitMs) >= QUIET_MS) {
            catchingUp = false;
            return true;
        }
        if (recordsSinceEmit >= settings.streams().catchUpRecords() || oldRecordsSinceEmit > 0) {
            catchingUp = true;
        }
        if (catchingUp) {
            // Catching up (a replay, a bulk load): every arrival day dirties the seven days whose window holds it, and
            // a notice every day it is in force, so recomputing at the live pace recomputed the same days over and
            // over and took ~40% of a replay's stream thread (docs/benchmarks.md); at this pace each pending day is
            // recomputed about once per emission, and the rest once the input has caught up
            return sinceLast >= Math.max(settings.streams().catchUpEmitInterval().toMillis(), (1 + CATCH_UP_INGEST_SHARE) * lastEmitMs);
        }
        if (recordsSinceEmit < TRICKLE_RECORDS) {
            // live: a trickle, or nothing new with days still pending from the last emission's budget
            return true;
        }
        return sinceLast >= (1 + INGEST_SHARE) * lastEmitMs;
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
