package uk.nhs.impactmonitor.streams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.DirectoryLoadReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.NoticeRates;
import uk.nhs.impactmonitor.simulator.scenario.Reporting;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;
import uk.nhs.impactmonitor.streams.topology.ImpactTopology;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * impact-streams killed with SIGKILL three times in the middle of a replay, and started again each time, ends with
 * exactly the indicators of a run that was never interrupted: nothing lost, nothing counted twice.
 *
 * <p>The replay is the simulator's "expected" scenario for 400 practices spread over England, 60 arrival days from
 * the start of the baseline (late reports, corrected reports, and notices declared, corrected and withdrawn, at
 * raised rates so there are plenty of each), written to the input topics first. The engine runs in a child JVM
 * ({@link StreamsProcess}: the production topology and Streams properties, exactly_once_v2, RocksDB) on a real
 * KRaft broker, and is killed with {@link Process#destroyForcibly()} — no close, no final commit, no leaving the
 * group — each time once the model has committed a random part of what was left, while records are still
 * waiting (asserted). The second restart starts on an empty state directory, as a replacement machine would
 * (the state comes back from the changelogs only, with the killed instance's transaction still open).
 *
 * <p>The uninterrupted run is the same topology on the same input in a {@code TopologyTestDriver}. Both are
 * read as a consumer of {@code impact-indicators} would: the last value per key. Every value is compared
 * exactly (value, practices, practice-days; not updatedAt): sums are whole numbers, so any lost or repeated
 * record changes a value. The only key allowed on one side only is a retired attributable change (a null written
 * over an action no longer in force), because whether one was ever emitted depends on when emissions happened
 * to run, not on the input.
 */
class HardStopReplayIntegrationTest {

    // enough that one 100 ms commit of the model (at its replay pace) cannot cover what is left at the third stop
    private static final int PRACTICES = 400;
    private static final int DAYS = 60;
    private static final int STOPS = 3;
    private static final String APPLICATION_ID = "impact-streams";
    private static final String MODEL_INPUT = APPLICATION_ID + "-" + ImpactTopology.MODEL_INPUT + "-repartition";
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    private EmbeddedKafkaKraftBroker broker;
    private Admin admin;
    private final List<Process> processes = new ArrayList<>();
    private Path workDir;

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void shouldEmitExactlyTheIndicatorsOfAnUninterruptedRunWhenStoppedHardThreeTimesMidReplay() throws Exception {
        // given a replay with corrections and withdrawals, and what the uninterrupted run makes of it
        List<SimulatedEvent> replay = replay();
        long corrections = replay.stream().filter(e -> e instanceof SimulatedEvent.Report r && r.correction()).count();
        long correctedNotices = noticesOf(replay, NoticeEventType.CORRECTED);
        long withdrawnNotices = noticesOf(replay, NoticeEventType.WITHDRAWN);
        System.out.printf("replay: %d events, %d corrected reports, %d declared, %d corrected, %d withdrawn notices%n", replay.size(),
                corrections, noticesOf(replay, NoticeEventType.DECLARED), correctedNotices, withdrawnNotices);
        assertThat(corrections).isPositive();
        assertThat(correctedNotices).isPositive();
        assertThat(withdrawnNotices).isPositive();
        long started = System.nanoTime();
        Map<String, IndicatorValue> uninterrupted = uninterrupted(replay);
        System.out.printf("uninterrupted run (TopologyTestDriver): %d keys in %d ms%n", uninterrupted.size(),
                (System.nanoTime() - started) / 1_000_000);
        assertThat(uninterrupted.values().stream().filter(v -> v.indicator() == Indicator.ATTRIBUTABLE_CHANGE && v.value() != null))
                .as("attributable changes to compare").isNotEmpty();

        startBroker();
        writeInput(replay);
        workDir = Files.createTempDirectory("hard-stop");
        // a new seed every run, so runs cover different kill points; one that failed is run again with
        // -Dhard-stop.seed=<the seed its failure names>, which draws the same kill points (as fractions of what is left)
        long seed = Long.getLong("hard-stop.seed", new Random().nextLong());
        Random random = new Random(seed);
        System.out.println("kill points drawn with seed " + seed + " (run again with -Dhard-stop.seed=" + seed + ")");

        // when: three hard stops mid-processing, each followed by a restart
        Path stateDir = workDir.resolve("state-1");
        for (int stop = 1; stop <= STOPS; stop++) {
            Process process = startEngine(stateDir, stop);
            long before = modelProgress();
            awaitRunning(process, stop);
            long target = before + (long) ((0.2 + 0.4 * random.nextDouble()) * (replay.size() - before));
            long progress = awaitProgress(process, target);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long remaining = end(MODEL_INPUT) - progress + (replay.size() - inputProgress());
            System.out.printf("stop %d: killed with the model's committed offset at %d (from %d), %d records still to process%n",
                    stop, progress, before, remaining);
            assertThat(progress).as("seed %d, stop %d: the model had committed work since its start", seed, stop).isGreaterThan(before);
            assertThat(remaining).as("seed %d, stop %d: records were still waiting when it was killed", seed, stop).isGreaterThanOrEqualTo(100);
            if (stop == 2) {
                // the third run starts on a new machine: nothing on disk, state only from the changelogs
                stateDir = workDir.resolve("state-2");
            }
        }
        Process last = startEngine(stateDir, STOPS + 1);
        awaitRunning(last, STOPS + 1);

        // then every value of every area and day is the uninterrupted run's
        Map<String, IndicatorValue> recovered = awaitMatching(uninterrupted, last);
        List<String> differences = differences(uninterrupted, recovered);
        assertThat(differences).as("seed %d: keys whose last value differs from the uninterrupted run's (first 20)", seed).isEmpty();
        System.out.printf("after %d hard stops: %d keys on impact-indicators, every value as in the uninterrupted run%n", STOPS,
                recovered.size());
        assertThat(readAll(Topics.PRACTICE_ACTIVITY.deadLetterTopic())).isEmpty();
        assertThat(readAll(Topics.PRACTICE_NOTICES.deadLetterTopic())).isEmpty();
    }

    /** The simulator's expected scenario, with more corrections and withdrawals, for practices spread over every ICB. */
    private static List<SimulatedEvent> replay() {
        Scenario expected = ScenarioLoader.shipped("expected");
        Scenario scenario = new Scenario(expected.name(), expected.description(), 20241123L, expected.startDate(),
                expected.baselineWeeks(), expected.actionDays(), expected.seasonality(), new Reporting(0.97, 0.05, 3, 0.10),
                new NoticeRates(0.25, 0.15), expected.actions());
        PracticeDirectory national = SyntheticDirectory.build();
        List<Practice> all = List.copyOf(national.practices());
        List<Practice> sample = new ArrayList<>();
        for (int i = 0; i < PRACTICES; i++) {
            sample.add(all.get(i * all.size() / PRACTICES));
        }
        PracticeDirectory directory = new PracticeDirectory(sample,
                national.areas().stream().filter(a -> a.kind() != AreaKind.COUNTRY).toList(), DirectoryLoadReport.clean("sample"));
        LocalDate from = scenario.baselineStart();
        return new ActivityGenerator(scenario, directory).events(from, from.plusDays(DAYS - 1));
    }

    private static long noticesOf(List<SimulatedEvent> replay, NoticeEventType type) {
        return replay.stream().filter(e -> e instanceof SimulatedEvent.Notice n && n.event().type() == type).count();
    }

    /** The same topology and input, never interrupted, emitting once everything is in. */
    private static Map<String, IndicatorValue> uninterrupted(List<SimulatedEvent> replay) {
        try (ModelFixture fixture = new ModelFixture(SyntheticDirectory.build(), LocalDate.parse("2024-07-04"), LocalDate.parse("2024-07-31"))) {
            for (SimulatedEvent event : replay) {
                if (event instanceof SimulatedEvent.Notice notice) {
                    fixture.send(notice.event());
                } else {
                    fixture.send(((SimulatedEvent.Report) event).report());
                }
            }
            fixture.emitAll();
            assertThat(fixture.pendingDays()).isZero();
            return new HashMap<>(fixture.allEmitted());
        }
    }

    private void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
                // as in production: a topic exists because someone created it
                "auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        try {
            admin.createTopics(List.of(new NewTopic(Topics.PRACTICE_NOTICES.name(), 2, (short) 1),
                    new NewTopic(Topics.PRACTICE_ACTIVITY.name(), 2, (short) 1),
                    new NewTopic(Topics.AREA_APPOINTMENTS.name(), 2, (short) 1),
                    new NewTopic(Topics.IMPACT_INDICATORS.name(), 1, (short) 1),
                    new NewTopic(Topics.PRACTICE_NOTICES.deadLetterTopic(), 1, (short) 1),
                    new NewTopic(Topics.PRACTICE_ACTIVITY.deadLetterTopic(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics", e);
        }
    }

    /** Written as ingest-service writes: keyed by practice (notices) and practice/day (reports), idempotent, acks=all. */
    private void writeInput(List<SimulatedEvent> replay) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10), new StringSerializer(), new ByteArraySerializer())) {
            for (SimulatedEvent event : replay) {
                if (event instanceof SimulatedEvent.Notice notice) {
                    producer.send(new ProducerRecord<>(Topics.PRACTICE_NOTICES.name(), notice.event().practiceCode(),
                            Topics.PRACTICE_NOTICES.valueSerde().serializer().serialize("", notice.event())));
                } else {
                    var report = ((SimulatedEvent.Report) event).report();
                    producer.send(new ProducerRecord<>(Topics.PRACTICE_ACTIVITY.name(), report.key(),
                            Topics.PRACTICE_ACTIVITY.valueSerde().serializer().serialize("", report)));
                }
            }
            producer.flush();
        }
    }

    private Process startEngine(Path stateDir, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StreamsProcess.class.getName(), broker.getBrokersAsString(), stateDir.toString())
                .redirectErrorStream(true).start();
        processes.add(process);
        Path log = workDir.resolve("engine-" + run + ".log");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.println(line);
                    out.flush();
                    if (line.startsWith("STATE ")) {
                        states.put(process, line.substring(6));
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "engine-" + run + "-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private final Map<Process, String> states = new java.util.concurrent.ConcurrentHashMap<>();

    private void awaitRunning(Process process, int run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!"RUNNING".equals(states.get(process))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("engine run " + run + " is not RUNNING but " + states.get(process) + "; log: "
                        + tail(workDir.resolve("engine-" + run + ".log")));
            }
            Thread.sleep(20);
        }
    }

    /** Polls the model's committed offset until it reaches {@code target}; returns the offset it had then. */
    private long awaitProgress(Process process, long target) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            long progress = modelProgress();
            if (progress >= target) {
                return progress;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the model's committed offset is " + progress + ", not " + target);
            }
            Thread.sleep(10);
        }
    }

    /** The national model's committed offset on its input (the repartition topic): what it has processed for good. */
    private long modelProgress() throws Exception {
        return committed().entrySet().stream().filter(e -> e.getKey().topic().equals(MODEL_INPUT))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Records of the input topics the engine has committed as read. */
    private long inputProgress() throws Exception {
        return committed().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.PRACTICE_ACTIVITY.name()) || e.getKey().topic().equals(Topics.PRACTICE_NOTICES.name()))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                present.put(partition, offset);
            }
        });
        return present;
    }

    private long end(String topic) throws Exception {
        Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        if (!names.contains(topic)) {
            return 0;
        }
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** Reads impact-indicators until it equals the uninterrupted run (or the time is up), as last value per key. */
    private Map<String, IndicatorValue> awaitMatching(Map<String, IndicatorValue> expected, Process process) throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        Map<String, IndicatorValue> actual = Map.of();
        while (System.nanoTime() < deadline) {
            actual = lastValues();
            if (differences(expected, actual).isEmpty()) {
                return actual;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the engine stopped: " + tail(workDir.resolve("engine-" + (STOPS + 1) + ".log")));
            }
            Thread.sleep(2_000);
        }
        return actual;
    }

    private Map<String, IndicatorValue> lastValues() {
        Map<String, IndicatorValue> last = new HashMap<>();
        var deserializer = Topics.IMPACT_INDICATORS.valueSerde().deserializer();
        for (ConsumerRecord<String, byte[]> record : readAll(Topics.IMPACT_INDICATORS.name())) {
            last.put(record.key(), deserializer.deserialize(record.topic(), record.value()));
        }
        return last;
    }

    /** What differs between two sets of last values; empty when they agree. */
    static List<String> differences(Map<String, IndicatorValue> expected, Map<String, IndicatorValue> actual) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            IndicatorValue want = expected.get(key);
            IndicatorValue got = actual.get(key);
            if (want == null || got == null) {
                IndicatorValue only = want == null ? got : want;
                if (only.indicator() != Indicator.ATTRIBUTABLE_CHANGE || only.value() != null) {
                    differences.add(key + ": " + (want == null ? "not in the uninterrupted run" : "missing") + " " + only);
                }
            } else if (!want.sameReadingAs(got)) {
                differences.add(key + ": expected " + reading(want) + " but was " + reading(got));
            }
            if (differences.size() >= 20) {
                break;
            }
        }
        return differences;
    }

    private static String reading(IndicatorValue value) {
        return value.value() + " (" + value.practices() + " practices, " + value.practiceDays() + " practice-days)";
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
