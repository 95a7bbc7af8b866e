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
 * Used through {@link IngestApiTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(FixedClockConfiguration.class)
public class MockKafkaConfiguration {

    @Bean
    @Primary
    MockProducer<byte[], byte[]> mockProducer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

}
