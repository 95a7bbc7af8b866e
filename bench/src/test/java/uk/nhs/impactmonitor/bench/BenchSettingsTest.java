package uk.nhs.impactmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's options: what the documented run measures, and the latency section run alone. */
class BenchSettingsTest {

    @Test
    void shouldTakeAThousandLatencySamplesWhenRunWithTheDefaults() {
        // given
        String[] noOptions = {};

        // when
        BenchSettings settings = BenchSettings.parse(noOptions);

        // then: issue 14 asks for p99 over at least 1,000 samples
        assertThat(settings.latencySamples()).isEqualTo(1_000);
        assertThat(settings.latencyOnly()).isFalse();
        assertThat(settings.docs()).isEqualTo(Path.of("docs"));
        assertThat(settings.serviceArgs()).isEmpty();
    }

    @Test
    void shouldWriteItsReportOutsideDocsWhenOnlyTheLatencySectionRuns() {
        // given
        String[] options = {"--sections=latency", "--latency-samples=50"};

        // when
        BenchSettings settings = BenchSettings.parse(options);

        // then: a latency-only report never replaces the full run's docs/benchmarks.md by accident
        assertThat(settings.latencyOnly()).isTrue();
        assertThat(settings.latencySamples()).isEqualTo(50);
        assertThat(settings.docs()).isEqualTo(Path.of("target", "bench-latency"));
    }

    @Test
    void shouldWriteItsReportOutsideDocsAndReadTheSharedDataBesideTheRepositoryWhenOnlyTheAppointmentsSectionRuns() {
        // given
        String[] options = {"--sections=appointments"};

        // when
        BenchSettings settings = BenchSettings.parse(options);

        // then
        assertThat(settings.appointmentsOnly()).isTrue();
        assertThat(settings.latencyOnly()).isFalse();
        assertThat(settings.docs()).isEqualTo(Path.of("target", "bench-appointments"));
        assertThat(settings.sharedData()).isEqualTo(Path.of("..", "shared", "data"));
    }

    @Test
    void shouldSplitServiceArgumentsOnSpacesWhenGiven() {
        // given
        String[] options = {"--service-args=-XX:StartFlightRecording=filename={service}/r.jfr  --logging.level.root=INFO"};

        // when
        BenchSettings settings = BenchSettings.parse(options);

        // then
        assertThat(settings.serviceArgs()).isEqualTo(List.of("-XX:StartFlightRecording=filename={service}/r.jfr", "--logging.level.root=INFO"));
    }

    @Test
    void shouldRefuseAnUnknownSectionWhenGivenOneNamingTheOption() {
        // given
        String[] options = {"--sections=ingest"};

        // when / then
        assertThatThrownBy(() -> BenchSettings.parse(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--sections");
    }
}
