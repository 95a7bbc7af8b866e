package uk.nhs.impactmonitor.ingest.notice;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;
import uk.nhs.impactmonitor.ingest.kafka.KafkaClientsConfiguration;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.StartUpTopics;
import uk.nhs.impactmonitor.kafka.TopicSpec;
import uk.nhs.impactmonitor.web.kafka.TopicLayoutProperties;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;

/** The notice view, what keeps it current, and the service that changes notices. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicLayoutProperties.class)
class NoticeConfiguration {

    @Bean
    NoticeView noticeView(IngestProperties properties) {
        NoticeView view = new NoticeView();
        if (!properties.noticeViewReplay()) {
            view.markCaughtUp();
        }
        return view;
    }

    /**
     * The topics this service writes and reads, created when missing and brought to their definitions; in the
     * background, since the service starts and answers (503 for writes) while Kafka is away.
     */
    @Bean(destroyMethod = "interrupt")
    Thread ingestTopics(KafkaProperties kafka, TopicLayoutProperties layout) {
        return StartUpTopics.provisionInBackground(String.join(",", kafka.getBootstrapServers()),
                TopicSpec.of(List.of(Topics.PRACTICE_NOTICES, Topics.PRACTICE_ACTIVITY, Topics.PRACTICE_DIRECTORY), layout.layout()),
                Duration.ofSeconds(10));
    }

    @Bean
    @ConditionalOnProperty(prefix = "monitor.ingest", name = "notice-view-replay", havingValue = "true", matchIfMissing = true)
    NoticeViewLoader noticeViewLoader(NoticeView view, KafkaProperties kafka, MeterRegistry meters, KafkaClientMeters kafkaClientMeters) {
        return new NoticeViewLoader(view, KafkaClientsConfiguration.replayConsumerConfig(kafka), meters, kafkaClientMeters);
    }

    /** Kafka's client metrics (consumer lag above all) of the notice view's consumer. */
    @Bean
    KafkaClientMeters kafkaClientMeters(MeterRegistry meters) {
        return new KafkaClientMeters(meters, KafkaClientMeters.REFRESH);
    }

    @Bean
    NoticeService noticeService(NoticeView view, RecordPublisher publisher, PracticeDirectory directory, Clock clock,
                                IngestProperties properties, IngestMetrics metrics) {
        return new NoticeService(view, publisher, directory, clock, properties.kafkaTimeout(), metrics);
    }
}
