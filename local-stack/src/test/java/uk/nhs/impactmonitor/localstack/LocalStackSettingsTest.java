package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackSettingsTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenGivenNoOptions() {
        LocalStackSettings settings = LocalStack.parseSettings();
        assertThat(settings.dataDir().normalize()).isEqualTo(Path.of("data"));
        assertThat(settings.demo().enabled()).isTrue();
        assertThat(settings.demo().scenario()).isEqualTo("expected");
        assertThat(settings.demo().interval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(settings.kafka().inProcess()).isTrue();
        assertThat(settings.kafka().port()).isEqualTo(9092);
        assertThat(settings.kafka().controllerPort()).isEqualTo(9093);
        assertThat(settings.local().ingestPort()).isEqualTo(8081);
        assertThat(settings.local().streamsPort()).isEqualTo(8082);
        assertThat(settings.local().alertsPort()).isEqualTo(8083);
        assertThat(settings.local().authPort()).isEqualTo(9000);
    }

    @Test
    void shouldReadSpringStyleOptionsWhenGiven() {
        LocalStackSettings settings = LocalStack.parseSettings("--monitor.data-dir=/tmp/x", "--monitor.demo.enabled=false",
                "--monitor.kafka.bootstrap-servers=127.0.0.1:19092", "--monitor.local.streams-port=18082");
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(settings.demo().enabled()).isFalse();
        assertThat(settings.kafka().inProcess()).isFalse();
        assertThat(settings.local().streamsPort()).isEqualTo(18082);
    }
}
