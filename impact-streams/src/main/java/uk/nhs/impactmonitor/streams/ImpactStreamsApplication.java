package uk.nhs.impactmonitor.streams;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * impact-streams: every indicator of {@code indicators.md} for every ICB, region and England, per activity day,
 * computed by a Kafka Streams topology and served over HTTP (api.md, "impact-streams").
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ImpactStreamsApplication {

    /** Its own config name, so it can share a JVM and classpath with the other services (the local stack). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ImpactStreamsApplication.class).properties("spring.config.name=impact-streams");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
