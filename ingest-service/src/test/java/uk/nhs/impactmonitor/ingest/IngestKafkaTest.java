package uk.nhs.impactmonitor.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The service on a random port against a real in-process KRaft broker, with a fixed "today". Test classes
 * that use only this share one Spring context and one broker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-service",
        "spring.profiles.active=dev",
        "monitor.security.dev-credentials=true",
        "monitor.ingest.publish-directory=true"})
@EmbeddedKafka(partitions = 2, topics = {"practice-notices", "practice-activity", "practice-directory", "area-appointments"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(FixedClockConfiguration.class)
public @interface IngestKafkaTest {
}
