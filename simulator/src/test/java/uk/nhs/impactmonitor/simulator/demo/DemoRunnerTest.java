package uk.nhs.impactmonitor.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.simulator.IngestStub;
import uk.nhs.impactmonitor.simulator.TestDirectories;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.EventSink;
import uk.nhs.impactmonitor.simulator.output.IngestApiSink;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/** The demo at small scale: a few practices, a one-week baseline, a ten-day action period, 50 ms a day. */
class DemoRunnerTest {

    /** Baseline 25 July to 31 July 2024, action period 1 to 10 August 2024. */
    private static final String SCENARIO = """
            name: demo-test
            seed: 3
            baselineWeeks: 1
            actionDays: 10
            reporting: {completeness: 0.9, lateRate: 0.2, maxLateDays: 2, correctionRate: 0.1}
            actions:
              STOP_ADVICE_AND_GUIDANCE:
                uptake: [{day: 0, share: 0.5}, {day: 5, share: 0.8}]
                effect: {multipliers: {agRequests: 0}}
            """;
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private Path scenarioFile;
    private IngestStub stub;
    private final PracticeDirectory directory = TestDirectories.first(8);
    private final List<DemoRunner> runners = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        scenarioFile = dataDir.resolve("demo-test.yml");
        Files.writeString(scenarioFile, SCENARIO);
        stub = new IngestStub();
    }

    @AfterEach
    void stop() {
        runners.forEach(DemoRunner::close);
        stub.close();
    }

    @Test
    void shouldBackfillToKafkaThenSendLiveDaysThroughTheApiWhenStarted() throws Exception {
        // given
        RecordingSink backfill = new RecordingSink();
        Scenario scenario = ScenarioLoader.load(scenarioFile.toString());
        List<SimulatedEvent> live = new ActivityGenerator(scenario, directory).events(LocalDate.of(2024, 8, 3), LocalDate.of(2024, 8, 10));

        // when
        DemoRunner runner = start(settings(), backfill.supplier());
        LocalDate last = runner.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then: backfill = the baseline week and the first 2 action days (25 July to 2 August), straight to Kafka
        assertThat(last).isEqualTo(LocalDate.of(2024, 8, 10));
        assertThat(backfill.days()).containsExactlyElementsOf(days(LocalDate.of(2024, 7, 25), LocalDate.of(2024, 8, 2)));
        assertThat(backfill.events()).isEqualTo(new ActivityGenerator(scenario, directory)
                .events(LocalDate.of(2024, 7, 25), LocalDate.of(2024, 8, 2)));
        assertThat(backfill.closed()).isEqualTo(1);
        // live = 3 to 10 August, through the API, every report once per arrival and nothing else
        List<String> expected = live.stream().filter(e -> e instanceof SimulatedEvent.Report)
                .map(e -> ((SimulatedEvent.Report) e).report())
                .map(r -> r.practiceCode() + "/" + r.day() + "/" + r.patientContacts() + "/" + r.agRequests()).toList();
        List<String> sent = new ArrayList<>();
        for (IngestStub.Request request : stub.successful()) {
            if (request.path().equals("/api/v1/activity/batch")) {
                for (JsonNode report : request.json()) {
                    sent.add(report.get("practiceCode").asString() + "/" + report.get("day").asString() + "/"
                            + report.get("patientContacts").asInt() + "/" + report.get("agRequests").asInt());
                }
            }
        }
        assertThat(sent).containsExactlyElementsOf(expected);
        assertThat(stub.requests()).allSatisfy(request -> assertThat(request.authorization()).isEqualTo("Bearer demo-admin"));
        assertThat(Files.readString(dataDir.resolve("simulator/demo-state.properties"))).contains("lastDaySent=2024-08-10");
    }

    @Test
    void shouldNotResendTheBackfillWhenRestartedWithTheSameDataDir() throws Exception {
        // given: a first run to the end
        start(settings(), new RecordingSink().supplier()).finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        int requestsBefore = stub.requests().size();

        // when
        RecordingSink again = new RecordingSink();
        DemoRunner restarted = start(settings(), again.supplier());
        LocalDate last = restarted.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then
        assertThat(last).isEqualTo(LocalDate.of(2024, 8, 10));
        assertThat(again.created()).isZero();
        assertThat(stub.requests()).hasSize(requestsBefore);
    }

    @Test
    void shouldResumeWhereItStoppedWhenTheBackfillWasInterrupted() throws Exception {
        // given: progress saved up to 28 July
        DemoProgress progress = new DemoProgress(dataDir);
        progress.write(new DemoProgress.State("demo-test", 3, LocalDate.of(2024, 7, 28)));
        RecordingSink backfill = new RecordingSink();

        // when
        DemoRunner runner = start(settings(), backfill.supplier());
        runner.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then
        assertThat(backfill.days()).containsExactlyElementsOf(days(LocalDate.of(2024, 7, 29), LocalDate.of(2024, 8, 2)));
    }

    @Test
    void shouldSaveWhereTheBackfillStoppedWhenClosedDuringIt() throws Exception {
        // given: a backfill sink that asks the demo to stop while it sends 27 July, the third day
        AtomicReference<DemoRunner> runner = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        RecordingSink stopping = new RecordingSink() {
            @Override
            public void send(LocalDate arrivalDay, List<SimulatedEvent> dayEvents) {
                super.send(arrivalDay, dayEvents);
                if (arrivalDay.equals(LocalDate.of(2024, 7, 27))) {
                    awaitQuietly(started);
                    runner.get().requestStop();
                }
            }
        };

        // when
        runner.set(start(settings(), stopping.supplier()));
        started.countDown();
        Awaitility.await().atMost(WAIT).until(() -> runner.get().lastDaySent().equals(Optional.of(LocalDate.of(2024, 7, 27))));
        runner.get().close();
        RecordingSink resumed = new RecordingSink();
        start(settings(), resumed.supplier()).finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then: the first run stopped after 27 July; the second sent the rest of the backfill from 28 July
        assertThat(stopping.days()).containsExactlyElementsOf(days(LocalDate.of(2024, 7, 25), LocalDate.of(2024, 7, 27)));
        assertThat(resumed.days()).containsExactlyElementsOf(days(LocalDate.of(2024, 7, 28), LocalDate.of(2024, 8, 2)));
    }

    @Test
    void shouldNeverSendADayAfterTodayWhenTheScenarioRunsIntoTheFuture() {
        // given: today is Monday 5 August 2024 in London
        Clock monday = Clock.fixed(Instant.parse("2024-08-05T10:00:00Z"), ZoneOffset.UTC);

        // when
        DemoRunner runner = start(settings().withClock(monday), new RecordingSink().supplier());
        Awaitility.await().atMost(WAIT).until(() -> runner.lastDaySent().equals(Optional.of(LocalDate.of(2024, 8, 5))));
        runner.close();

        // then
        assertThat(runner.lastDaySent()).contains(LocalDate.of(2024, 8, 5));
        assertThat(runner.finished()).isNotDone();
        assertThat(batchDays()).allSatisfy(day -> assertThat(day).isBeforeOrEqualTo(LocalDate.of(2024, 8, 5)));
    }

    @Test
    void shouldRetryADayWhenTheIngestServiceIsNotUpYet() throws Exception {
        // given
        stub.failNext(3, 503);
        Scenario scenario = ScenarioLoader.load(scenarioFile.toString());
        long liveReports = new ActivityGenerator(scenario, directory).events(LocalDate.of(2024, 8, 3), LocalDate.of(2024, 8, 10))
                .stream().filter(e -> e instanceof SimulatedEvent.Report).count();

        // when
        DemoRunner runner = start(settings(), new RecordingSink().supplier());
        LocalDate last = runner.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // then: three refusals, then every live report delivered exactly once
        assertThat(last).isEqualTo(LocalDate.of(2024, 8, 10));
        assertThat(stub.requests()).filteredOn(request -> request.status() == 503).hasSize(3);
        assertThat(batchDays()).hasSize((int) liveReports);
    }

    @Test
    void shouldPickTheNextDayWhenItIsNeitherPastTodayNorPastTheEnd() {
        LocalDate end = LocalDate.of(2024, 11, 28);
        LocalDate today = LocalDate.of(2024, 8, 5);
        assertThat(DemoRunner.nextLiveDay(LocalDate.of(2024, 8, 4), today, end)).contains(LocalDate.of(2024, 8, 5));
        assertThat(DemoRunner.nextLiveDay(LocalDate.of(2024, 8, 5), today, end)).isEmpty();
        assertThat(DemoRunner.nextLiveDay(end, LocalDate.of(2026, 11, 23), end)).isEmpty();
    }

    private DemoSettings settings() {
        return new DemoSettings(scenarioFile.toString(), dataDir, "unused:9092", stub.url(), "demo-admin",
                Duration.ofMillis(50), 2, TODAY);
    }

    private DemoRunner start(DemoSettings settings, Supplier<EventSink> backfill) {
        DemoRunner runner = DemoRunner.start(settings, directory, backfill, new IngestApiSink(settings.ingestUrl(), settings.adminToken()));
        runners.add(runner);
        return runner;
    }

    /** Activity days of every report the stub received. */
    private List<LocalDate> batchDays() {
        List<LocalDate> days = new ArrayList<>();
        for (IngestStub.Request request : stub.successful()) {
            if (request.path().equals("/api/v1/activity/batch")) {
                request.json().forEach(report -> days.add(LocalDate.parse(report.get("day").asString())));
            }
        }
        return days;
    }

    private static List<LocalDate> days(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stands in for the Kafka sink: keeps what the backfill sent, day by day. */
    static class RecordingSink implements EventSink {
        private final List<LocalDate> days = new CopyOnWriteArrayList<>();
        private final List<SimulatedEvent> events = new CopyOnWriteArrayList<>();
        private final AtomicInteger created = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();

        Supplier<EventSink> supplier() {
            return () -> {
                created.incrementAndGet();
                return this;
            };
        }

        @Override
        public void send(LocalDate arrivalDay, List<SimulatedEvent> dayEvents) {
            days.add(arrivalDay);
            events.addAll(dayEvents);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }

        List<LocalDate> days() {
            return days;
        }

        List<SimulatedEvent> events() {
            return events;
        }

        int created() {
            return created.get();
        }

        int closed() {
            return closed.get();
        }
    }
}
