package uk.nhs.impactmonitor.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** "Today" fixed at {@link #TODAY}, so the no-future-day rule is tested against a known date. */
@TestConfiguration(proxyBeanMethods = false)
public class FixedClockConfiguration {

    /** Monday 5 August 2024, 00:30 in London (23:30 UTC the day before, British Summer Time). */
    public static final LocalDate TODAY = LocalDate.of(2024, 8, 5);
    public static final Instant NOW = Instant.parse("2024-08-04T23:30:00Z");

    @Bean
    @Primary
    Clock fixedClock() {
        return Clock.fixed(NOW, IngestServiceApplication.LONDON);
    }
}
