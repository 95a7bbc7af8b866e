package uk.nhs.impactmonitor.ingest;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * For tests of the HTTP contract without a broker: every write is acknowledged at once by a
 * {@link MockProducer} (whose history the test reads), and "today" is fixed ({@link FixedClockConfiguration}).
 * Use with {@link #PROPERTIES}, which also stop the service reading a topic that is not there.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(FixedClockConfiguration.class)
public class MockKafkaConfiguration {

    public static final String[] PROPERTIES = {
            "spring.config.name=ingest-service",
            "monitor.security.dev-credentials=true",
            "monitor.ingest.publish-directory=false",
            "monitor.ingest.notice-view-replay=false",
            // the real producer is built but never used: point it at a port where nothing listens
            "spring.kafka.bootstrap-servers=127.0.0.1:1",
    };

    @Bean
    @Primary
    MockProducer<byte[], byte[]> mockProducer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

}
