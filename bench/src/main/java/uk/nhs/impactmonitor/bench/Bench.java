package uk.nhs.impactmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.localstack.LocalKafkaBroker;
import uk.nhs.impactmonitor.localstack.TopicSetup;

/**
 * The benchmark, in one go, on one in-process KRaft broker ({@link LocalKafkaBroker}): produces a national year with the
 * simulator, measures the broker's floor (1), the engine's floor (2), the full topology at 1× (3), the running services
 * (4-6, each its own JVM), then the full topology at the larger multiples (3), and writes {@code docs/benchmarks.md}
 * with its chart. {@code bench.sh} builds and runs it; see {@link BenchSettings} for the options.
 */
public final class Bench {

    private final BenchSettings settings;

    public Bench(BenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        // the JDK HttpServer (the webhook receiver) otherwise answers ~40 ms late: Nagle against delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // the services and the start-up probe are JVMs of their own: a bench stopped by Ctrl-C or kill must not leave
        // them running (holding ports and the work directory)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                "bench-child-jvms"));
        try {
            Path report = new Bench(BenchSettings.parse(args)).run().reportFile();
            System.out.println("wrote " + report.toAbsolutePath());
            System.exit(0);
        } catch (Exception | Error e) {
            // the broker's and the clients' threads would otherwise keep a failed run's JVM alive
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** What a run produced: its results and the report written from them. */
    public record Outcome(Results results, Path reportFile, Path chartFile) {
    }

    public Outcome run() throws Exception {
        Results results = new Results(settings);
        results.loadBefore = loadAverage();
        results.started = Instant.now();
        Path workDir = Files.createDirectories(settings.workDir().resolve("run-" + System.currentTimeMillis())).toAbsolutePath();
        Path stateDir = Files.createDirectories(workDir.resolve("state"));
        LocalKafkaBroker broker = new LocalKafkaBroker(workDir, ServiceStack.freePort(), ServiceStack.freePort());
        try {
            long t0 = System.nanoTime();
            broker.start();
            String bootstrap = broker.bootstrapServers();
            TopicSetup.ensureTopics(bootstrap, 1, (short) 1);
            results.brokerStartSeconds = (System.nanoTime() - t0) / 1e9;

            if (settings.appointmentsOnly()) {
                appointments(results, bootstrap, workDir);
                return finish(results, workDir);
            }
            PracticeDirectory directory = SyntheticDirectory.build();
            NationalData data = new NationalData(directory, settings.practices(), settings.days(), settings.latencyOnly() ? 1 : settings.maxScale());
            results.practices = data.practices();
            results.firstDay = data.firstDayOf(1).toString();
            results.lastDay1x = data.lastDayOf(1).toString();
            log("producing 1x: %d practices, arrival days %s..%s", data.practices(), data.firstDayOf(1), data.lastDayOf(1));
            results.produced.put(1, data.produce(bootstrap, data.firstDayOf(1), data.lastDayOf(1)));
            long records = results.recordsAt(1);
            log("produced %,d records", records);

            if (settings.latencyOnly()) {
                // section 4 alone: the plan needs the notices in force on the latest day; the topics hold the 1× data only
                NationalModelBench.Loaded latest = NationalModelBench.load(data, data.firstDayOf(1), data.lastDayOf(1));
                NoticeLatencyBench.Plan plan = NoticeLatencyBench.Plan.of(directory, latest.latestNotices(), latencyDay(latest));
                services(results, data, plan, bootstrap, workDir);
            } else {
                everySection(results, data, directory, bootstrap, workDir, stateDir);
            }
        } finally {
            broker.close();
        }
        return finish(results, workDir);
    }

    private void everySection(Results results, NationalData data, PracticeDirectory directory, String bootstrap, Path workDir,
                              Path stateDir) throws Exception {
        long records = results.recordsAt(1);
        log("1. raw consumer");
        results.raw = RawConsumerBench.run(bootstrap);
        log("   %,d records in %.1f s", results.raw.records(), results.raw.seconds());

        log("2. simplest aggregation, exactly_once_v2");
        var engine = ReplayBench.engine(data, bootstrap, "bench-engine", stateDir).properties();
        results.simple = SimpleAggregationBench.run(engine, "bench-simple-1x", stateDir.toString(), records);
        log("   %.1f s to process", results.simple.measured().processedSeconds());

        log("3. full topology, 1x");
        Profile profile = Profile.start(workDir.resolve("replay-1x.jfr"));
        ReplayBench.Result replay = ReplayBench.run(data, bootstrap, 1, records, stateDir, true);
        results.profile = profile.stop(24);
        log("   %.1f s to process, %.1f s to settle", replay.measured().processedSeconds(), replay.measured().settledSeconds());
        NationalModelBench.Comparison comparison = new NationalModelBench.Comparison(replay.stored());
        results.replays.put(1, new ReplayBench.Result(1, replay.records(), replay.measured(), replay.indicatorValues(), Map.of()));
        replay = null;
        log("   the model alone (direct run) and the comparison");
        NationalModelBench.Loaded loaded = NationalModelBench.load(data, data.firstDayOf(1), data.lastDayOf(1));
        results.model = NationalModelBench.computeAll(loaded, comparison);
        NoticeLatencyBench.Plan plan = NoticeLatencyBench.Plan.of(directory, loaded.latestNotices(), latencyDay(loaded));
        loaded = null;
        results.indicatorsEqual = comparison.equal();
        results.indicatorsCompared = comparison.compared();
        results.indicatorsUnexplained = comparison.unexplained();
        results.mismatches = comparison.mismatches();
        comparison = null;
        log("   indicators equal to a direct run: %s (%,d compared)", results.indicatorsEqual, results.indicatorsCompared);

        for (int scale = 2; scale <= settings.maxScale(); scale++) {
            int from = scale;
            int target = settings.scales().stream().filter(x -> x >= from).findFirst().orElse(scale);
            if (overBudget(results, scale, target)) {
                break;
            }
            log("producing year %d", scale);
            results.produced.put(scale, data.produce(bootstrap, data.firstDayOf(scale), data.lastDayOf(scale)));
            if (settings.scales().contains(scale)) {
                log("3. full topology, %dx (%,d records)", scale, results.recordsAt(scale));
                results.replays.put(scale, ReplayBench.run(data, bootstrap, scale, results.recordsAt(scale), stateDir, false));
                log("   %.1f s to process", results.replays.get(scale).measured().processedSeconds());
            }
        }

        if (settings.services()) {
            // the services start from the 1× data alone: the contract topics are emptied (the replays above wrote
            // to impact-indicators too) and the 1× volume is written again
            log("4-6. emptying the topics, writing the 1x data again");
            recreateTopics(bootstrap);
            NationalData.Produced again = data.produce(bootstrap, data.firstDayOf(1), data.lastDayOf(1));
            if (again.records() != records) {
                throw new IllegalStateException("the 1x data again: " + again.records() + " records, not " + records);
            }
            services(results, data, plan, bootstrap, workDir);
        }

        if (settings.startupProbe()) {
            log("6. local stack start-up");
            results.localStackStartUp = ServiceStack.localStackStartUp(workDir, Duration.ofMinutes(3));
        }
    }

    private Outcome finish(Results results, Path workDir) throws IOException {
        results.finished = Instant.now();
        results.loadAfter = loadAverage();
        Outcome outcome = Report.write(results, settings.docs());
        if (!settings.keep()) {
            deleteTree(workDir);
        }
        return new Outcome(results, outcome.reportFile(), outcome.chartFile());
    }

    /** Deletes the contract topics and creates them again, empty (deletion is asynchronous: retried until it took). */
    private static void recreateTopics(String bootstrap) throws Exception {
        List<String> topics = List.of(Topics.PRACTICE_NOTICES.name(), Topics.PRACTICE_ACTIVITY.name(), Topics.IMPACT_INDICATORS.name());
        try (KafkaProbe probe = new KafkaProbe(bootstrap)) {
            probe.deleteTopics(topics);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (true) {
                try {
                    TopicSetup.ensureTopics(bootstrap, 1, (short) 1);
                    if (probe.endOffsets(topics).values().stream().allMatch(end -> end == 0)) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Whether replaying the {@code scale}× volume, at the 1× rate, would take the run past its budget; if so the report
     * says so and the multiple is skipped.
     */
    private boolean overBudget(Results results, int nextYear, int scale) {
        if (settings.budgetMinutes() <= 0) {
            return false;
        }
        ReplayBench.Result one = results.replays.get(1);
        double producing = (scale - nextYear + 1) * results.produced.get(1).seconds();
        double projected = producing + results.recordsAt(1) * scale / one.recordsPerSecond()
                + (one.measured().settledSeconds() - one.measured().processedSeconds()) + 30;
        double elapsed = Duration.between(results.started, Instant.now()).toSeconds();
        // what still follows: the 1× data written again, the services' start and replay of it, latency and ingest
        double services = !settings.services() ? 0 : results.produced.get(1).seconds() + 60 + one.measured().settledSeconds()
                + settings.latencySamples() * 0.4 + settings.ingestRequests() / 1000.0 + 30;
        double left = settings.budgetMinutes() * 60.0 - elapsed - services - (settings.startupProbe() ? 60 : 0);
        if (projected > left) {
            results.notes.add(String.format(java.util.Locale.ROOT, "The %d× replay (and any larger) was skipped: producing it and replaying it at the 1× rate would take ~%.0f s, and "
                    + "%.0f s of the %d-minute budget were left (`--budget-minutes=0` runs it regardless).", scale, projected, Math.max(0, left),
                    settings.budgetMinutes()));
            log("   %dx skipped: projected %.0f s, %.0f s left in the budget", scale, projected, left);
            return true;
        }
        return false;
    }

    /** Sections 4-6 on the services, each in its own JVM, once they have replayed the 1× data. */
    private void services(Results results, NationalData data, NoticeLatencyBench.Plan plan, String bootstrap, Path workDir)
            throws Exception {
        log("4-6. services, each in its own JVM (-Xmx%s)", settings.serviceHeap());
        long t0 = System.nanoTime();
        try (ServiceStack stack = ServiceStack.start(bootstrap, workDir.resolve("services"), settings.serviceHeap(),
                java.util.stream.Stream.concat(Stream.of("--monitor.baseline.from=" + data.baselineFrom(), "--monitor.baseline.to=" + data.baselineTo()),
                        settings.serviceArgs().stream()).toList(), plan,
                Duration.ofMinutes(5))) {
            results.serviceStartSeconds = stack.startSeconds();
            awaitStackCaughtUp(bootstrap, Duration.ofMinutes(20));
            results.stackReplaySeconds = (System.nanoTime() - t0) / 1e9;
            log("   up and caught up after %.1f s", results.stackReplaySeconds);
            LocalDate latest = data.lastDayOf(1);
            log("4. notice latency, %d samples", settings.latencySamples());
            results.latency = NoticeLatencyBench.run(stack, plan, settings.latencySamples());
            log("   notice -> API p50 %.0f ms, p99 %.0f ms, max %.0f ms", results.latency.toApi().p50(), results.latency.toApi().p99(),
                    results.latency.toApi().max());
            if (settings.latencyOnly()) {
                results.heaps = stack.heapUse();
                return;
            }
            log("5. ingest, %d single reports, %d in flight", settings.ingestRequests(), settings.ingestConnections());
            List<uk.nhs.impactmonitor.domain.directory.Practice> practices = data.directory().practices().stream().limit(
                    settings.practices() <= 0 ? Long.MAX_VALUE : settings.practices()).toList();
            results.ingest = IngestLoadBench.single(stack.url("ingest-service"), practices, latest, settings.ingestRequests(),
                    settings.ingestConnections());
            results.batch = IngestLoadBench.batch(stack.url("ingest-service"), data.nationalDay(latest));
            // what the ingest load made impact-streams and alerts-service do belongs to their peaks too
            awaitStackCaughtUp(bootstrap, Duration.ofMinutes(10));
            results.heaps = stack.heapUse();
        }
        appointments(results, bootstrap, workDir);
    }

    /** Section 5b: a month of NHS England's appointments file into an ingest-service that knows the real directory. */
    private void appointments(Results results, String bootstrap, Path workDir) throws Exception {
        java.util.Optional<Path> shared = AppointmentsIngestBench.sharedData(settings.sharedData());
        if (shared.isEmpty()) {
            results.notes.add("Section 5b (the appointments file) was skipped: NHS England's files were not found in `" + settings.sharedData()
                    + "` (`--shared-data=` names the directory).");
            log("5b. appointments file skipped: no shared data in %s", settings.sharedData());
            return;
        }
        AppointmentsIngestBench.Month month = AppointmentsIngestBench.largestMonth(shared.get().resolve(AppointmentsIngestBench.FILE));
        log("5b. appointments file, %s: %,d rows, an ingest-service of its own with the real directory", month.month(), month.rows());
        try (ServiceStack ingest = ServiceStack.ingestOnly(bootstrap, workDir.resolve("appointments"), settings.serviceHeap(),
                AppointmentsIngestBench.realDirectoryArgs(shared.get()), Duration.ofMinutes(3))) {
            results.appointments = AppointmentsIngestBench.run(ingest.url("ingest-service"), month);
        }
        log("   accepted %,d rows, %,d sub-ICB-days; first post %.2f s, then p50 %.2f s, max %.2f s", results.appointments.accepted(),
                results.appointments.subIcbDays(), results.appointments.firstSeconds(), results.appointments.seconds().p50(),
                results.appointments.seconds().max());
    }

    /**
     * impact-streams has caught up: it has committed every input record and every record of its repartition topic (the
     * model's input), its pending-days store is empty (every change it read is recomputed and emitted) and
     * impact-indicators has stopped growing for 3 s. Checking the inputs and the output alone let the latency section
     * start while the model was still catching up: on its repartition topic the model emits at the catch-up pace (at
     * most every 2 s or 10 × the last emission), and once that input stops it still recomputes what is left, a second
     * of work per emission, emissions that change nothing leaving impact-indicators still for more than 3 s.
     */
    private static void awaitStackCaughtUp(String bootstrap, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaProbe probe = new KafkaProbe(bootstrap); PendingDays pendingDays = new PendingDays(bootstrap, "impact-streams")) {
            while (!probe.streamsCaughtUp("impact-streams", RawConsumerBench.INPUTS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("impact-streams has not caught up in " + timeout);
                }
                Thread.sleep(200);
            }
            long last = -1;
            long stableSince = System.nanoTime();
            while (System.nanoTime() - stableSince < 3_000_000_000L) {
                long end = probe.endOffsets(List.of(Topics.IMPACT_INDICATORS.name())).values().stream().mapToLong(Long::longValue).sum();
                java.util.Set<String> pending = pendingDays.read();
                if (end != last || !pending.isEmpty()) {
                    last = end;
                    stableSince = System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("impact-streams still recomputing after " + timeout + " (" + pending.size() + " days pending)");
                }
                Thread.sleep(200);
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The day the latency notices take effect: the latest settled day S = H - L (H the data's horizon, L impact-streams'
     * default reporting lag). Once reports exist, alert rules judge participation on S (indicators.md v2, alerts-service
     * README), so a notice for any later day would change the API but never raise the webhook, and one for an earlier
     * day would be judged against S's count, not its own.
     */
    static java.time.LocalDate latencyDay(NationalModelBench.Loaded loaded) {
        return loaded.model().horizon().minusDays(REPORTING_LAG_DAYS);
    }

    /** impact-streams' default {@code monitor.indicators.reporting-lag-days}. */
    static final int REPORTING_LAG_DAYS = 3;
}
