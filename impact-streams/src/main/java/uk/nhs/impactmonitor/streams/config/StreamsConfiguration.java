package uk.nhs.impactmonitor.streams.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.feed.IndicatorBroadcaster;
import uk.nhs.impactmonitor.streams.feed.IndicatorFeed;
import uk.nhs.impactmonitor.streams.feed.IndicatorGauges;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;
import uk.nhs.impactmonitor.streams.metrics.ModelLatency;
import uk.nhs.impactmonitor.streams.query.MetadataService;
import uk.nhs.impactmonitor.streams.query.QueryForwarder;
import uk.nhs.impactmonitor.streams.topology.DeadLetters;
import uk.nhs.impactmonitor.streams.topology.ImpactTopology;

/** Wires the engine, the feed and the query side. */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {

    /** Counted as {@code impact_dead_letters_total{topic}}. */
    @Bean
    DeadLetters deadLetters(MeterRegistry registry) {
        return (sourceTopic, reason) -> Counter.builder("impact.dead.letters")
                .description("Records sent to a dead-letter topic, by the topic they came from")
                .tag("topic", sourceTopic)
                .register(registry)
                .increment();
    }

    /** {@code monitor_pipeline_latency_seconds{stage="model"}}: ingest timestamp of an input to the indicator it changed. */
    @Bean
    ModelLatency modelLatency(MeterRegistry registry) {
        return new ModelLatency(registry);
    }

    /** Kafka's client metrics (consumer lag above all) of the Streams instance and the indicator feed. */
    @Bean
    KafkaClientMeters kafkaClientMeters(MeterRegistry registry) {
        return new KafkaClientMeters(registry, KafkaClientMeters.REFRESH);
    }

    /** The bank holidays of {@code monitor.calendar.bank-holidays} (checked when the settings were bound), or the built-in list. */
    @Bean
    ActivityCalendar activityCalendar(ImpactSettings settings) {
        return settings.calendar().load();
    }

    @Bean
    ImpactStreams impactStreams(ImpactSettings settings, PracticeDirectory directory, DeadLetters deadLetters, ModelLatency modelLatency,
                                KafkaClientMeters kafkaClientMeters, ActivityCalendar calendar,
                                @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        return new ImpactStreams(settings, directory, bootstrapServers, deadLetters, modelLatency, kafkaClientMeters, calendar);
    }

    @Bean
    StreamsHealth streamsHealth(ImpactStreams impactStreams) {
        return new StreamsHealth(impactStreams);
    }

    @Bean
    MetadataService metadataService(ImpactStreams impactStreams) {
        return new MetadataService(impactStreams);
    }

    @Bean
    QueryForwarder queryForwarder() {
        return new QueryForwarder(Duration.ofSeconds(10));
    }

    @Bean
    IndicatorBroadcaster indicatorBroadcaster() {
        return new IndicatorBroadcaster(Duration.ofMinutes(30));
    }

    @Bean
    IndicatorGauges indicatorGauges(MeterRegistry registry) {
        return new IndicatorGauges(registry);
    }

    @Bean
    IndicatorFeed indicatorFeed(ImpactSettings settings, IndicatorBroadcaster broadcaster, IndicatorGauges gauges,
                                KafkaClientMeters kafkaClientMeters,
                                @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        String clientId = settings.streams().applicationId() + "-feed-" + settings.streams().applicationServer().replace(':', '-');
        return new IndicatorFeed(bootstrapServers, clientId, List.of(broadcaster::publish, gauges::record), kafkaClientMeters);
    }

    /** The topics this service reads and writes, created when missing (other services may create them first). */
    @Bean
    @ConditionalOnProperty(name = "monitor.streams.create-topics", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics impactTopics(ImpactSettings settings) {
        int partitions = settings.streams().topicPartitions();
        short replicas = settings.streams().replicationFactor();
        List<NewTopic> topics = new java.util.ArrayList<>();
        for (Topic<String, ?> topic : List.of(Topics.PRACTICE_NOTICES, Topics.PRACTICE_ACTIVITY, Topics.IMPACT_INDICATORS)) {
            topics.add(TopicBuilder.name(topic.name()).partitions(partitions).replicas(replicas).build());
        }
        for (Topic<String, ?> topic : List.of(Topics.PRACTICE_NOTICES, Topics.PRACTICE_ACTIVITY)) {
            topics.add(TopicBuilder.name(topic.deadLetterTopic()).partitions(1).replicas(replicas).build());
        }
        topics.add(TopicBuilder.name(ImpactTopology.modelInputDeadLetterTopic(settings.streams().applicationId()))
                .partitions(1).replicas(replicas).build());
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
