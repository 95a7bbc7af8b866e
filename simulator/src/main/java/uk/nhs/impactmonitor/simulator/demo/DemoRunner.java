package uk.nhs.impactmonitor.simulator.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.EventSink;
import uk.nhs.impactmonitor.simulator.output.IngestApiSink;
import uk.nhs.impactmonitor.simulator.output.KafkaSink;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/**
 * Keeps the local stack alive with a scenario: first a backfill straight to Kafka of the baseline weeks and
 * the first days of the action period, then one more day every {@code interval} through the ingest API, as
 * practices would send it, until the action period ends.
 *
 * <p>Days are arrival days ({@link ActivityGenerator#eventsArrivingOn}): the backfill holds what had arrived by the
 * evening of its last day and each live tick sends what arrives on the next, so, as in reality, the latest days are
 * always incomplete (most of a day's reports arrive that evening, the rest over the following days; closed days
 * bring few reports) and notices arrive one to two weeks before their dates.
 *
 * <p>The scenario keeps its own dates (default from 2024-08-01, when the action began) rather than being
 * shifted towards today: impact-streams' default monitoring start and baseline period are those same dates,
 * so indicators come out right with no extra configuration, and every day of 2024 is safely in the past for
 * the ingest-service, which refuses future days. A scenario dated later is still never sent past today
 * (Europe/London): the live part waits for the calendar.
 *
 * <p>Restart-safe: progress (last arrival day sent) is kept under the data dir and read on start, so a restart
 * neither repeats the backfill nor skips a day; a day sent twice would do no harm anyway (reports replace,
 * notices have stable ids). Failures (broker or ingest-service not up yet) are logged and retried on the next
 * tick. No Spring: the local stack calls {@link #start} from plain Java.
 */
public final class DemoRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Progress is saved (after a flush) this often during the backfill, so a restart resumes near where it stopped. */
    private static final int BACKFILL_SAVE_EVERY_DAYS = 7;

    private final DemoSettings settings;
    private final Scenario scenario;
    private final ActivityGenerator generator;
    private final Supplier<EventSink> backfillSink;
    private final EventSink liveSink;
    private final DemoProgress progress;
    private final ScheduledExecutorService executor;
    private final CompletableFuture<LocalDate> finished = new CompletableFuture<>();
    private volatile LocalDate lastDaySent;
    private volatile boolean backfilled;
    private volatile String lastFailure;
    /** Set by {@link #close()}: a backfill in progress stops at its next day instead of running to the end. */
    private volatile boolean closing;

    DemoRunner(DemoSettings settings, PracticeDirectory directory, Supplier<EventSink> backfillSink, EventSink liveSink) {
        this.settings = settings;
        this.scenario = ScenarioLoader.load(settings.scenario());
        this.generator = new ActivityGenerator(scenario, directory);
        this.backfillSink = backfillSink;
        this.liveSink = liveSink;
        this.progress = new DemoProgress(settings.dataDir());
        Optional<DemoProgress.State> saved = progress.read();
        saved.ifPresent(state -> {
            if (!state.scenario().equals(scenario.name()) || state.seed() != scenario.seed()) {
                log.warn("Demo progress in {} is for scenario {} (seed {}), not {} (seed {}); carrying on from {} anyway: "
                                + "delete the data dir to start afresh", progress.file(), state.scenario(), state.seed(),
                        scenario.name(), scenario.seed(), state.lastDaySent());
            }
        });
        this.lastDaySent = saved.map(DemoProgress.State::lastDaySent).orElse(null);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulator-demo");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the demo in the background and returns at once: backfill to Kafka at {@code bootstrapServers},
     * then a live day every interval to {@code ingestUrl}.
     *
     * @throws uk.nhs.impactmonitor.simulator.scenario.InvalidScenarioException when the scenario is invalid
     */
    public static DemoRunner start(DemoSettings settings, PracticeDirectory directory) {
        Objects.requireNonNull(settings.bootstrapServers(), "bootstrapServers: required for the backfill to Kafka");
        Objects.requireNonNull(settings.ingestUrl(), "ingestUrl: required for the live days");
        Objects.requireNonNull(settings.adminToken(), "adminToken: required by the ingest-service");
        return start(settings, directory, () -> new KafkaSink(settings.bootstrapServers()),
                new IngestApiSink(settings.ingestUrl(), settings.adminToken()));
    }

    static DemoRunner start(DemoSettings settings, PracticeDirectory directory, Supplier<EventSink> backfillSink,
                            EventSink liveSink) {
        DemoRunner runner = new DemoRunner(settings, directory, backfillSink, liveSink);
        runner.executor.scheduleWithFixedDelay(runner::tick, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Demo scenario '{}' (seed {}): {} practices, baseline from {}, action period {} to {}{}", runner.scenario.name(),
                runner.scenario.seed(), runner.generator.practices().size(), runner.scenario.baselineStart(),
                runner.scenario.startDate(), runner.scenario.endDate(),
                runner.lastDaySent == null ? "" : ", resuming after " + runner.lastDaySent);
        return runner;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The last arrival day delivered, if any. */
    public Optional<LocalDate> lastDaySent() {
        return Optional.ofNullable(lastDaySent);
    }

    /** Completes with the last day once the whole action period has been sent. */
    public CompletableFuture<LocalDate> finished() {
        return finished;
    }

    /** The last day of the backfill: the baseline weeks plus the first days of the action period. */
    LocalDate backfillEnd() {
        LocalDate end = scenario.startDate().plusDays(settings.backfillActionDays() - 1L);
        return end.isAfter(scenario.endDate()) ? scenario.endDate() : end;
    }

    /** The next day to send live: the day after {@code last}, unless it is past the action period or today. */
    static Optional<LocalDate> nextLiveDay(LocalDate last, LocalDate today, LocalDate end) {
        LocalDate next = last.plusDays(1);
        if (next.isAfter(end) || next.isAfter(today)) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    private LocalDate today() {
        return LocalDate.now(settings.clock().withZone(LONDON));
    }

    private void tick() {
        if (closing) {
            return;
        }
        try {
            if (!backfilled) {
                backfilled = backfill();
                if (!backfilled) {
                    return;
                }
            }
            if (lastDaySent != null && !lastDaySent.isBefore(scenario.endDate())) {
                complete();
                return;
            }
            LocalDate last = lastDaySent == null ? scenario.baselineStart().minusDays(1) : lastDaySent;
            Optional<LocalDate> next = nextLiveDay(last, today(), scenario.endDate());
            if (next.isPresent()) {
                LocalDate day = next.get();
                List<SimulatedEvent> events = generator.eventsArrivingOn(day);
                liveSink.send(day, events);
                saved(day);
                log.info("Demo day {} sent through the ingest API: {} events", day, events.size());
            }
            lastFailure = null;
        } catch (RuntimeException e) {
            // the broker or the ingest-service may not be up yet: say so once, try again next tick
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!failure.equals(lastFailure)) {
                log.warn("Demo could not send (will retry every {}): {}", settings.interval(), failure);
                lastFailure = failure;
            }
        }
    }

    /** Sends the backfill days not sent yet; false when {@link #close()} interrupted it (it resumes on restart). */
    private boolean backfill() {
        LocalDate end = backfillEnd();
        LocalDate today = today();
        if (end.isAfter(today)) {
            end = today;
        }
        LocalDate from = lastDaySent == null ? scenario.baselineStart() : lastDaySent.plusDays(1);
        if (from.isAfter(end)) {
            return true;
        }
        long started = System.nanoTime();
        long events = 0;
        try (EventSink sink = backfillSink.get()) {
            for (LocalDate day = from; !day.isAfter(end); day = day.plusDays(1)) {
                List<SimulatedEvent> dayEvents = generator.eventsArrivingOn(day);
                sink.send(day, dayEvents);
                events += dayEvents.size();
                if (closing) {
                    sink.flush();
                    saved(day);
                    log.info("Demo closed during the backfill; a restart resumes after {}", day);
                    return false;
                }
                if (day.equals(end) || ActivityGenerator.days(from, day) % BACKFILL_SAVE_EVERY_DAYS == 0) {
                    sink.flush();
                    saved(day);
                }
            }
        }
        log.info("Demo backfill of {} to {} written to Kafka: {} events in {} s", from, end, events,
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return true;
    }

    private void saved(LocalDate day) {
        progress.write(new DemoProgress.State(scenario.name(), scenario.seed(), day));
        lastDaySent = day;
    }

    private void complete() {
        if (finished.complete(lastDaySent)) {
            log.info("Demo scenario '{}' complete: every day to {} sent", scenario.name(), lastDaySent);
            executor.shutdown();
        }
    }

    /** Asks the demo to stop after the day it is sending, without waiting for it. */
    void requestStop() {
        closing = true;
    }

    /** Stops sending; a day being sent is finished first (up to 30 s). */
    @Override
    public void close() {
        requestStop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        liveSink.close();
    }
}
