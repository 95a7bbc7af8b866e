package uk.nhs.impactmonitor.streams.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.DirectoryLoadReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHandler;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * {@link ImpactTopology} on a {@link TopologyTestDriver} with a tiny directory, and short ways to send notices
 * and reports and read what was emitted. Emission needs the wall clock advanced: {@link #emit()}.
 */
public final class ModelFixture implements AutoCloseable {

    public static final Duration EMIT_INTERVAL = Duration.ofMillis(200);

    public final PracticeDirectory directory;
    public final ImpactSettings settings;
    public final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<String, NoticeEvent> notices;
    private final TestInputTopic<String, DailyReport> reports;
    private final TestInputTopic<String, byte[]> rawNotices;
    private final TestInputTopic<String, byte[]> rawReports;
    private final TestOutputTopic<String, IndicatorValue> output;
    private final Map<String, IndicatorValue> emitted = new LinkedHashMap<>();
    private int emittedCount;

    /** In-memory stores: the same logic, without RocksDB flushing on every TopologyTestDriver commit. */
    public ModelFixture(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo) {
        this(directory, baselineFrom, baselineTo, 1000, true);
    }

    public ModelFixture(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo, int maxDaysPerEmit,
                        boolean inMemoryStores) {
        this(directory, baselineFrom, baselineTo, maxDaysPerEmit, inMemoryStores, ImpactSettings.defaults().indicators().reportingLagDays());
    }

    /** @param reportingLagDays L of indicators.md ({@code monitor.indicators.reporting-lag-days}) */
    public ModelFixture(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo, int maxDaysPerEmit,
                        boolean inMemoryStores, int reportingLagDays) {
        this.directory = directory;
        try {
            this.stateDir = Files.createTempDirectory("impact-streams-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ImpactSettings defaults = ImpactSettings.defaults();
        ImpactSettings.Streams d = defaults.streams();
        this.settings = defaults.withBaseline(baselineFrom, baselineTo).withStreams(new ImpactSettings.Streams(d.applicationId(),
                EMIT_INTERVAL, maxDaysPerEmit, stateDir.toString(), d.applicationServer(), 0, (short) 1, false, 1, d.commitInterval(), d.emitBudget(),
                inMemoryStores, d.catchUpRecords(), d.catchUpEmitInterval())).withIndicators(new ImpactSettings.Indicators(reportingLagDays));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "impact-streams-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
        driver = new TopologyTestDriver(ImpactTopology.build(new StreamsBuilder(), settings, directory).build(), props,
                Instant.parse("2024-09-01T00:00:00Z"));
        notices = driver.createInputTopic(Topics.PRACTICE_NOTICES.name(), Serdes.String().serializer(),
                Topics.PRACTICE_NOTICES.valueSerde().serializer());
        reports = driver.createInputTopic(Topics.PRACTICE_ACTIVITY.name(), Serdes.String().serializer(),
                Topics.PRACTICE_ACTIVITY.valueSerde().serializer());
        rawNotices = driver.createInputTopic(Topics.PRACTICE_NOTICES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        rawReports = driver.createInputTopic(Topics.PRACTICE_ACTIVITY.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        output = driver.createOutputTopic(Topics.IMPACT_INDICATORS.name(), Serdes.String().deserializer(),
                Topics.IMPACT_INDICATORS.valueSerde().deserializer());
    }

    /** A directory of one region {@code Y56} with the given ICBs, each practice as {@code code:icb:listSize}. */
    public static PracticeDirectory directory(List<String> icbs, List<String> practices) {
        List<Area> areas = new java.util.ArrayList<>();
        areas.add(new Area("Y56", "Region Y56", AreaKind.REGION, Area.ENGLAND, "E40000003"));
        for (String icb : icbs) {
            areas.add(new Area(icb, "ICB " + icb, AreaKind.ICB, "Y56", "E54" + icb));
        }
        List<Practice> list = practices.stream().map(p -> {
            String[] parts = p.split(":");
            return new Practice(parts[0], "Practice " + parts[0], "U00001", parts[1] + "-1", parts[1], "Y56", Integer.parseInt(parts[2]), true);
        }).toList();
        return new PracticeDirectory(list, areas, DirectoryLoadReport.clean("test"));
    }

    /**
     * A directory of several regions: {@code icbRegions} maps each ICB to its region (regions are named by the values),
     * each practice as {@code code:icb:listSize}.
     */
    public static PracticeDirectory directory(Map<String, String> icbRegions, List<String> practices) {
        List<Area> areas = new java.util.ArrayList<>();
        for (String region : new java.util.TreeSet<>(icbRegions.values())) {
            areas.add(new Area(region, "Region " + region, AreaKind.REGION, Area.ENGLAND, "E4000000" + region.substring(1)));
        }
        for (Map.Entry<String, String> icb : icbRegions.entrySet()) {
            areas.add(new Area(icb.getKey(), "ICB " + icb.getKey(), AreaKind.ICB, icb.getValue(), "E54" + icb.getKey()));
        }
        List<Practice> list = practices.stream().map(p -> {
            String[] parts = p.split(":");
            return new Practice(parts[0], "Practice " + parts[0], "U00001", parts[1] + "-1", parts[1], icbRegions.get(parts[1]),
                    Integer.parseInt(parts[2]), true);
        }).toList();
        return new PracticeDirectory(list, areas, DirectoryLoadReport.clean("test"));
    }

    public static DailyReport report(String practice, LocalDate day, int sessions, int contacts, int capped, int diversions,
                                     int agRequests, int referrals, int onlineRequests) {
        return new DailyReport(DailyReport.SCHEMA_VERSION, practice, day, sessions, contacts, capped, diversions, agRequests, referrals,
                onlineRequests, Instant.parse("2024-09-01T00:00:00Z"));
    }

    /** A report with only A&G requests set (other counts zero). */
    public static DailyReport agReport(String practice, LocalDate day, int agRequests) {
        return report(practice, day, 0, 0, 0, 0, agRequests, 0, 0);
    }

    public static NoticeEvent notice(NoticeEventType type, String id, String practice, CollectiveAction action, LocalDate from,
                                     LocalDate to) {
        return new NoticeEvent(NoticeEvent.SCHEMA_VERSION, type, id, practice, action, from, to, "test", null,
                Instant.parse("2024-09-01T00:00:00Z"));
    }

    public void send(DailyReport report) {
        reports.pipeInput(report.key(), report);
    }

    /** A report whose record was written at {@code writtenAt} (the driver's wall clock starts at 2024-09-01). */
    public void send(DailyReport report, Instant writtenAt) {
        reports.pipeInput(report.key(), report, writtenAt);
    }

    public void send(NoticeEvent notice) {
        notices.pipeInput(notice.practiceCode(), notice);
    }

    public void sendRawNotice(String key, String json) {
        rawNotices.pipeInput(key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void sendRawReport(String key, String json) {
        rawReports.pipeInput(key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Advances the wall clock past one emit interval, then collects what was emitted. */
    public ModelFixture emit() {
        driver.advanceWallClockTime(EMIT_INTERVAL);
        collect();
        return this;
    }

    /** Emits until no day is pending. */
    public ModelFixture emitAll() {
        for (int i = 0; i < 1000 && pendingDays() > 0; i++) {
            emit();
        }
        return this;
    }

    private void collect() {
        for (var record : output.readKeyValuesToList()) {
            emitted.put(record.key, record.value);
            emittedCount++;
        }
    }

    public long pendingDays() {
        KeyValueStore<String, String> pending = driver.getKeyValueStore(StoreNames.PENDING_DAYS);
        long count = 0;
        try (var all = pending.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    /** The latest emitted value of a key (as a consumer of impact-indicators would hold it), or null. */
    public IndicatorValue emitted(String area, LocalDate day, Indicator indicator, CollectiveAction action, Metric metric) {
        return emitted.get(IndicatorValue.key(area, day, indicator, action, metric));
    }

    public IndicatorValue emitted(String area, LocalDate day, Indicator indicator) {
        return emitted(area, day, indicator, null, null);
    }

    /** The value of an indicator, asserting it was emitted. */
    public Double value(String area, LocalDate day, Indicator indicator, CollectiveAction action, Metric metric) {
        IndicatorValue found = emitted(area, day, indicator, action, metric);
        if (found == null) {
            throw new AssertionError("nothing emitted for " + IndicatorValue.key(area, day, indicator, action, metric));
        }
        return found.value();
    }

    public Double value(String area, LocalDate day, Indicator indicator) {
        return value(area, day, indicator, null, null);
    }

    public Map<String, IndicatorValue> allEmitted() {
        return emitted;
    }

    public int emittedCount() {
        return emittedCount;
    }

    public KeyValueStore<String, IndicatorValue> indicatorStore() {
        return driver.getKeyValueStore(StoreNames.INDICATOR_VALUES);
    }

    public List<org.apache.kafka.streams.test.TestRecord<String, byte[]>> deadLetters(String topic) {
        return driver.createOutputTopic(topic + ".dlq", Serdes.String().deserializer(), Serdes.ByteArray().deserializer())
                .readRecordsToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
