package uk.nhs.impactmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import uk.nhs.impactmonitor.domain.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The benchmark's whole code path at a small scale (20 practices × 14 days, a 1× and a 2× replay, 20 latency samples,
 * 300 ingest requests), on a real in-process broker with the three services in JVMs of their own: it must complete, count
 * right and write every section. No timing is asserted: timings are what the benchmark reports, not what it tests.
 */
class BenchIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunEverySectionAndWriteTheReportWhenRunAtSmallScale() throws Exception {
        // given
        BenchSettings settings = BenchSettings.parse("--scale=small", "--docs=" + dir.resolve("docs"), "--work-dir=" + dir.resolve("work"),
                "--startup-probe=false", "--shared-data=" + SharedData.dataFile(AppointmentsIngestBench.FILE).orElseThrow().getParent());

        // when
        Bench.Outcome outcome = new Bench(settings).run();

        // then: every record produced is read by the plain consumer, counted by the simplest aggregation, and processed by
        // the full topology (once from its topic, once from the repartition topic)
        Results results = outcome.results();
        long records = results.recordsAt(1);
        // 20 practices report on nearly every one of the 10 working days of 14; on closed days few do (the simulator's
        // realistic week since indicators.md v2): a run that lost most reports would fall under this
        assertThat(records).isGreaterThan(20 * 10);
        assertThat(results.produced.get(1).acknowledged()).isEqualTo(records);
        assertThat(results.raw.records()).isEqualTo(records);
        assertThat(results.simple.counted()).isEqualTo(records);
        assertThat(results.simple.measured().processed()).isEqualTo(2 * records);
        assertThat(results.replays.get(1).measured().processed()).isEqualTo(2 * records);
        assertThat(results.replays.get(2).records()).isEqualTo(results.recordsAt(2)).isGreaterThan(records);
        assertThat(results.replays.get(2).measured().processed()).isEqualTo(2 * results.recordsAt(2));

        // and: the full topology's indicators are those the model computes directly from the same events
        assertThat(results.mismatches).isEmpty();
        assertThat(results.indicatorsUnexplained).isZero();
        assertThat(results.indicatorsEqual).isTrue();
        assertThat(results.indicatorsCompared).isPositive();

        // and: the running services answered every sample and request
        assertThat(results.latency.toApi().count()).isEqualTo(20);
        assertThat(results.latency.toWebhook().count()).isEqualTo(20);
        assertThat(results.latency.signed()).isEqualTo(results.latency.deliveries());
        assertThat(results.ingest.accepted()).isEqualTo(300);
        assertThat(results.batch.rows()).isEqualTo(6_202);
        assertThat(results.batch.accepted()).hasSize(IngestLoadBench.BATCH_ROUNDS).containsOnly(6_202L);
        assertThat(results.heaps).extracting(ServiceStack.HeapUse::name)
                .containsExactly("ingest-service", "impact-streams", "alerts-service");
        // and: NHS England's largest month in the shared file (October 2024: 14,872 rows, counted with grep) goes in whole
        assertThat(results.appointments.month()).isEqualTo("OCT2024");
        assertThat(results.appointments.rows()).isEqualTo(14_872);
        assertThat(results.appointments.accepted()).isEqualTo(14_872);
        assertThat(results.appointments.rejected()).isZero();
        assertThat(results.appointments.seconds().count()).isEqualTo(AppointmentsIngestBench.ROUNDS);

        // and: the report has every section, and the chart is well-formed SVG with a bar per series and multiple
        String report = Files.readString(outcome.reportFile());
        assertThat(report).contains("## Settings", "## 1. Raw consumer", "## 2. Simplest Streams aggregation",
                "## 3. Full impact-streams topology", "## 4. End-to-end latency", "## 5. Ingest over HTTP", "### 5b. NHS England's appointments file over HTTP",
                "## 6. Heap of each service", "load average before", "load average after", "git commit", Report.CHART);
        assertThat(report).doesNotContain("NaN");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(outcome.chartFile().toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        // two series in the time panel and three in the state panel, for each of the two multiples, plus five legend keys
        assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(1 + 2 * 2 + 3 * 2 + 5);
    }
}
