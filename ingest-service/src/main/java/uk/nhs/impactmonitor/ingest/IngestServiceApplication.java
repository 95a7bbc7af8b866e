package uk.nhs.impactmonitor.ingest;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The ingest service: practices (or their LMC or ICB on their behalf) notify what work they are ceasing
 * and report what they did each day; both go to Kafka only once validated, authorised and acknowledged.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestServiceApplication {

    /** Days are judged in England's civil time, whatever zone the host runs in. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** The local stack runs three services in one JVM, so each names its own configuration file. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngestServiceApplication.class).properties("spring.config.name=ingest-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /** Injectable so tests can fix "today" (a day in the future is refused). */
    @Bean
    Clock clock() {
        return Clock.system(LONDON);
    }
}
