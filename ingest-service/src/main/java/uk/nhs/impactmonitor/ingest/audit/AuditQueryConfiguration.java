package uk.nhs.impactmonitor.ingest.audit;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.ingest.kafka.KafkaClientsConfiguration;

/** The audit trail's reader, for {@code GET /api/v1/audit} (the writer, {@code AuditLog}, is monitor-web's, in every service). */
@Configuration(proxyBeanMethods = false)
class AuditQueryConfiguration {

    @Bean
    AuditTrail auditTrail(KafkaProperties kafka) {
        return new AuditTrail(KafkaClientsConfiguration.replayConsumerConfig(kafka));
    }
}
