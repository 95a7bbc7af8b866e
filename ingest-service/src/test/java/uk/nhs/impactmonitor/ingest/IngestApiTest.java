package uk.nhs.impactmonitor.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The service on a random port with writes acknowledged by a {@link org.apache.kafka.clients.producer.MockProducer}
 * and a fixed "today": for the HTTP contract (validation, access) without a broker. Test classes that use
 * only this share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=ingest-service",
        "spring.profiles.active=dev",
        "monitor.security.dev-credentials=true",
        "monitor.ingest.publish-directory=false",
        "monitor.ingest.notice-view-replay=false",
        // no broker, so no audit trail (AuditTrailIntegrationTest tests it on a real one)
        "monitor.audit.enabled=false",
        // the real producer is built but never used: point it at a port where nothing listens
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "logging.level.org.apache.kafka=ERROR"})
@Import(MockKafkaConfiguration.class)
public @interface IngestApiTest {
}
