package uk.nhs.impactmonitor.ingest.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;

/**
 * The one producer of the service and the settings of its consumers. Bootstrap servers and security come
 * from {@code spring.kafka.*}; durability and the time limits are fixed here because the API promises
 * them: acks from all in-sync replicas, idempotence (a retried send is not written twice), and every wait
 * bounded by {@code monitor.ingest.kafka-timeout} so a dead broker is a quick 503, never a hang.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaClientsConfiguration {

    /** Keys and values are serialised with the serdes of {@code Topics} by {@link RecordPublisher}. */
    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> ingestProducer(KafkaProperties kafka, IngestProperties properties) {
        return new KafkaProducer<>(producerConfig(kafka, properties), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean
    RecordPublisher recordPublisher(Producer<byte[], byte[]> ingestProducer, IngestProperties properties) {
        return new RecordPublisher(ingestProducer, properties.kafkaTimeout());
    }

    static Map<String, Object> producerConfig(KafkaProperties kafka, IngestProperties properties) {
        long timeout = properties.kafkaTimeout().toMillis();
        long linger = 5;
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        // delivery.timeout.ms must cover linger + one request; the whole send is also capped by RecordPublisher
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(50, timeout * 3 / 4));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, timeout * 3 / 4 + linger));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }

    /** A consumer that reads whole topics by assignment: no group, no commits, so a restart re-reads from the start. */
    public static Map<String, Object> replayConsumerConfig(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // looking for a topic must not create it with broker defaults before the platform creates it properly
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
