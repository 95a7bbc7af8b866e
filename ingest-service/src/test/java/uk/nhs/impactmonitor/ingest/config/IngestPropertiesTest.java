package uk.nhs.impactmonitor.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class IngestPropertiesTest {

    @Test
    void shouldGiveTheDocumentedDefaultsWhenBoundWithNoProperties() {
        // when: no monitor.ingest.* at all (ingest-service.yml sets none either)
        IngestProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("monitor.ingest", IngestProperties.class);

        // then the README's defaults
        assertThat(properties.kafkaTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.retryAfterSeconds()).isEqualTo(5);
        assertThat(properties.publishDirectory()).isTrue();
        assertThat(properties.noticeViewReplay()).isTrue();
        assertThat(properties.maxSingleBody()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(properties.maxBatchBody()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(properties.maxAppointmentsBody()).isEqualTo(DataSize.ofMegabytes(16));
    }
}
