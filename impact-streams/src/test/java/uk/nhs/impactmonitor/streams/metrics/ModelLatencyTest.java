package uk.nhs.impactmonitor.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.topology.ImpactTopology;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * monitor_pipeline_latency_seconds{stage="model"} on the real topology: records with known timestamps, the
 * TopologyTestDriver's mock wall clock as the only clock, and every emitted record's timestamp as its end point.
 */
class ModelLatencyTest {

    private static final Instant START = Instant.parse("2024-09-01T00:00:00Z");
    private static final LocalDate BASE_FROM = LocalDate.parse("2024-07-01");
    private static final LocalDate BASE_TO = LocalDate.parse("2024-07-07");
    private static final LocalDate DAY = LocalDate.parse("2024-08-07");

    @TempDir
    Path stateDir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, DailyReport> reports;
    private TestOutputTopic<String, IndicatorValue> indicators;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start() throws Exception {
        ImpactSettings defaults = ImpactSettings.defaults();
        ImpactSettings.Streams d = defaults.streams();
        ImpactSettings settings = defaults.withBaseline(BASE_FROM, BASE_TO).withStreams(new ImpactSettings.Streams(d.applicationId(),
                ModelFixture.EMIT_INTERVAL, 1000, Files.createDirectories(stateDir.resolve("state")).toString(), d.applicationServer(), 0,
                (short) 1, false, 1, d.commitInterval(), d.emitBudget(), true,
                d.catchUpRecords(), d.catchUpEmitInterval()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "model-latency-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.streams().stateDir());
        props.put(ModelLatency.CONFIG, new ModelLatency(registry));
        var directory = ModelFixture.directory(List.of("QX1"), List.of("P1:QX1:10000", "P2:QX1:5000"));
        driver = new TopologyTestDriver(ImpactTopology.build(new StreamsBuilder(), settings, directory).build(), props, START);
        reports = driver.createInputTopic(Topics.PRACTICE_ACTIVITY.name(), Serdes.String().serializer(),
                Topics.PRACTICE_ACTIVITY.valueSerde().serializer());
        indicators = driver.createOutputTopic(Topics.IMPACT_INDICATORS.name(), Serdes.String().deserializer(),
                Topics.IMPACT_INDICATORS.valueSerde().deserializer());
    }

    private void send(DailyReport report, Instant ingestedAt) {
        reports.pipeInput(report.key(), report, ingestedAt);
    }

    /** Advances the mock wall clock until nothing new is emitted for a few intervals; returns what was emitted. */
    private List<TestRecord<String, IndicatorValue>> emitAll() {
        List<TestRecord<String, IndicatorValue>> emitted = new java.util.ArrayList<>();
        for (int quiet = 0; quiet < 5; ) {
            driver.advanceWallClockTime(ModelFixture.EMIT_INTERVAL);
            List<TestRecord<String, IndicatorValue>> now = indicators.readRecordsToList();
            emitted.addAll(now);
            quiet = now.isEmpty() ? quiet + 1 : 0;
        }
        return emitted;
    }

    private Timer timer() {
        return registry.get(ModelLatency.NAME).tag("stage", "model").timer();
    }

    private static long sumOfLatencies(List<TestRecord<String, IndicatorValue>> emitted, Instant since) {
        return emitted.stream().mapToLong(r -> r.getRecordTime().toEpochMilli() - since.toEpochMilli()).sum();
    }

    @Test
    void shouldRecordOneDurationPerEmittedValueFromTheInputTimestampWhenAReportChangesIndicators() throws Exception {
        // given: a report the ingest service stamped 3.5 s before the model's wall clock starts
        start();
        Instant ingestedAt = START.minusMillis(3_500);

        // when
        send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 20, 3, 4), ingestedAt);
        List<TestRecord<String, IndicatorValue>> emitted = emitAll();

        // then: one sample per value written to impact-indicators, each from the report's timestamp to its own
        // record's timestamp (the emission's wall-clock time); the first emission is one interval after START
        assertThat(emitted).isNotEmpty();
        assertThat(timer().count()).isEqualTo(emitted.size());
        assertThat((long) timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(sumOfLatencies(emitted, ingestedAt));
        assertThat(emitted.get(0).getRecordTime()).isEqualTo(START.plus(ModelFixture.EMIT_INTERVAL));
        assertThat(timer().max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(3_700);
    }

    @Test
    void shouldMeasureFromTheOldestInputWhenSeveralInputsAreCoalescedIntoOneEmission() throws Exception {
        // given: two reports for the same practice-day, stamped 9 s and 1 s before the first emission is due
        start();
        Instant older = START.minusMillis(9_000);
        Instant newer = START.minusMillis(1_000);

        // when: both arrive before the wall clock moves, so one recomputation reflects both
        send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 20, 3, 4), older);
        send(ModelFixture.report("P1", DAY, 10, 120, 1, 2, 25, 3, 4), newer);
        List<TestRecord<String, IndicatorValue>> emitted = emitAll();

        // then: every value waited on the older report: 9 s + one emit interval at least
        assertThat(emitted).isNotEmpty();
        assertThat(timer().count()).isEqualTo(emitted.size());
        assertThat((long) timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(sumOfLatencies(emitted, older));
        assertThat(timer().max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(9_200);
    }

    @Test
    void shouldMeasureEveryDayFromTheBaselineReportWhenABaselineReportMakesEveryDayPending() throws Exception {
        // given: monitored days first (all emitted and measured), then a baseline report, which changes every day
        start();
        Instant first = START.minusMillis(2_000);
        send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 20, 3, 4), first);
        send(ModelFixture.report("P2", DAY.plusDays(3), 10, 100, 1, 2, 20, 3, 4), first);
        List<TestRecord<String, IndicatorValue>> before = emitAll();
        long countBefore = timer().count();
        double totalBefore = timer().totalTime(TimeUnit.MILLISECONDS);
        Instant baselineAt = START.plusMillis(500);

        // when
        send(ModelFixture.report("P1", BASE_FROM.plusDays(2), 10, 100, 1, 2, 40, 3, 4), baselineAt);
        List<TestRecord<String, IndicatorValue>> after = emitAll();

        // then: the first round as before; the second spans more than one day, each value from the baseline report
        assertThat(countBefore).isEqualTo(before.size());
        assertThat((long) totalBefore).isEqualTo(sumOfLatencies(before, first));
        assertThat(after.stream().map(r -> r.value().day()).distinct().count()).isGreaterThan(1);
        assertThat(timer().count() - countBefore).isEqualTo(after.size());
        assertThat((long) (timer().totalTime(TimeUnit.MILLISECONDS) - totalBefore)).isEqualTo(sumOfLatencies(after, baselineAt));
    }

    @Test
    void shouldNotMeasureWhenTheDayWasPendingWithoutAStartPoint() {
        // given: a tracker that never saw the input (the day was pending before a restart)
        ModelLatency latency = new ModelLatency(registry);
        ModelLatency.Tracker tracker = latency.tracker();

        // when
        tracker.recomputed("2024-08-07", 10_000, 5);
        tracker.pending("2024-08-08", 9_000);
        tracker.pending("2024-08-08", 7_000);
        tracker.pending("2024-08-08", 8_000);
        tracker.recomputed("2024-08-08", 10_000, 2);
        tracker.pending("every-day", 11_000);
        tracker.spread("every-day", List.of(LocalDate.parse("2024-08-01"), LocalDate.parse("2024-08-02")));
        tracker.recomputed("2024-08-01", 10_500, 1);

        // then: 2 values at 3 s (oldest of 7, 8, 9 s), and a producer clock ahead counts as 0, not negative
        assertThat(timer().count()).isEqualTo(3);
        assertThat(timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6_000.0);
        assertThat(tracker.tracked()).isEqualTo(1);
    }

    @Test
    void shouldPublishHistogramBucketsWhenPrometheusScrapes() {
        // given
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModelLatency.Tracker tracker = new ModelLatency(prometheus).tracker();

        // when
        tracker.pending("2024-08-07", 1_000);
        tracker.recomputed("2024-08-07", 1_250, 1);
        String scrape = prometheus.scrape();

        // then: buckets for histogram_quantile, a count and a sum in seconds
        assertThat(scrape).contains("monitor_pipeline_latency_seconds_bucket{stage=\"model\",le=\"+Inf\"} 1");
        assertThat(scrape).contains("monitor_pipeline_latency_seconds_count{stage=\"model\"} 1");
        assertThat(scrape).contains("monitor_pipeline_latency_seconds_sum{stage=\"model\"} 0.25");
    }
}
