package uk.nhs.impactmonitor.web.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.StartUpTopics;
import uk.nhs.impactmonitor.kafka.TopicSpec;
import uk.nhs.impactmonitor.web.kafka.TopicLayoutProperties;

/**
 * The audit trail's writer for whichever service this runs in: its own producer (acks from all in-sync replicas,
 * idempotent, every wait bounded by {@code monitor.audit.send-timeout}), kept apart from the service's own producers
 * so an audit event never shares a service's transaction, batch or test double; and {@code audit-log} created or
 * brought to its definition in the background, since every service writes it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({AuditProperties.class, TopicLayoutProperties.class})
public class AuditConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    AuditLog auditLog(AuditProperties properties, ObjectProvider<KafkaProperties> kafka, Environment environment,
                      ObjectProvider<MeterRegistry> meters) {
        KafkaProperties kafkaProperties = kafka.getIfAvailable();
        if (!properties.enabled() || kafkaProperties == null) {
            return AuditLog.NONE;
        }
        String service = environment.getProperty("spring.application.name", "monitor");
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(producerConfig(kafkaProperties, properties, service),
                new StringSerializer(), new ByteArraySerializer());
        // closing must not hold the service's shutdown for long when Kafka is away
        producers.setPhysicalCloseTimeout(5);
        return new AuditLog(service, new KafkaTemplate<>(producers), properties, meters.getIfAvailable(SimpleMeterRegistry::new),
                Clock.systemUTC()) {
            @Override
            public void close() {
                super.close();
                producers.destroy();
            }
        };
    }

    /** {@code audit-log} as defined ({@code Topics.AUDIT_LOG}: kept for ever, one partition), whichever service starts first. */
    @Bean(destroyMethod = "interrupt")
    @ConditionalOnBean(KafkaProperties.class)
    @ConditionalOnProperty(prefix = "monitor.audit", name = "enabled", havingValue = "true", matchIfMissing = true)
    Thread auditLogTopic(KafkaProperties kafka, TopicLayoutProperties layout) {
        return StartUpTopics.provisionInBackground(String.join(",", kafka.getBootstrapServers()),
                TopicSpec.of(List.of(Topics.AUDIT_LOG), layout.layout()), Duration.ofSeconds(10));
    }

    static Map<String, Object> producerConfig(KafkaProperties kafka, AuditProperties properties, String service) {
        long timeout = properties.sendTimeout().toMillis();
        long linger = 5;
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(50, timeout * 3 / 4));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, timeout * 3 / 4 + linger));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-log-" + service);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return config;
    }
}
