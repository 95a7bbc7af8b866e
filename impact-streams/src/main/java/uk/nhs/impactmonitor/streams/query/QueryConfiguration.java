package uk.nhs.impactmonitor.streams.query;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the query side: where the store is ({@link MetadataService}) and forwarding to the instance that holds it. */
@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    MetadataService metadataService(RunningStreams engine) {
        return new MetadataService(engine);
    }

    @Bean
    QueryForwarder queryForwarder() {
        return new QueryForwarder(Duration.ofSeconds(10));
    }
}
