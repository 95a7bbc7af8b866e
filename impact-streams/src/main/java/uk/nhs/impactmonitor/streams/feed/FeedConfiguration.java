package uk.nhs.impactmonitor.streams.feed;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;

/** Wires the indicator feed: {@code impact-indicators} read back to the page's stream and the indicator gauges. */
@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

    @Bean
    IndicatorBroadcaster indicatorBroadcaster() {
        return new IndicatorBroadcaster(Duration.ofMinutes(30));
    }

    @Bean
    IndicatorGauges indicatorGauges(MeterRegistry registry) {
        return new IndicatorGauges(registry);
    }

    @Bean
    IndicatorFeed indicatorFeed(ImpactSettings settings, IndicatorBroadcaster broadcaster, IndicatorGauges gauges,
                                KafkaClientMeters kafkaClientMeters,
                                KafkaProperties kafka) {
        String clientId = settings.streams().applicationId() + "-feed-" + settings.streams().applicationServer().replace(':', '-');
        return new IndicatorFeed(bootstrapServers(kafka), clientId, List.of(broadcaster::publish, gauges::record), kafkaClientMeters);
    }

    /** spring.kafka.bootstrap-servers, with Spring Boot's default, as every Kafka client of the services reads it. */
    private static String bootstrapServers(KafkaProperties kafka) {
        return String.join(",", kafka.getBootstrapServers());
    }
}
