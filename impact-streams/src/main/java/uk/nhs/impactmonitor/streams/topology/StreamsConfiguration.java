package uk.nhs.impactmonitor.streams.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.ArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.StartUpTopics;
import uk.nhs.impactmonitor.kafka.TopicLayout;
import uk.nhs.impactmonitor.kafka.TopicSpec;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;
import uk.nhs.impactmonitor.streams.metrics.ModelLatency;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;

/** Wires the engine: the topology, its lifecycle and health, and its topics. */
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

    /** After the topics when this service creates them ({@code impactTopics}): the engine must not find them missing. */
    @Bean
    ImpactStreams impactStreams(ImpactSettings settings, PracticeDirectory directory, DeadLetters deadLetters, ModelLatency modelLatency,
                                KafkaClientMeters kafkaClientMeters, ObjectProvider<StartUpTopics> impactTopics, ActivityCalendar calendar,
                                KafkaProperties kafka) {
        impactTopics.ifAvailable(topics -> { });
        return new ImpactStreams(settings, directory, bootstrapServers(kafka), deadLetters, modelLatency, kafkaClientMeters, calendar);
    }

    @Bean
    StreamsHealth streamsHealth(ImpactStreams impactStreams) {
        return new StreamsHealth(impactStreams);
    }

    /**
     * The topics this service reads and writes, created when missing and brought to their definitions (other
     * services and the local stack do the same for theirs), before the engine starts.
     */
    @Bean
    @ConditionalOnProperty(name = "monitor.streams.create-topics", havingValue = "true", matchIfMissing = true)
    StartUpTopics impactTopics(ImpactSettings settings, KafkaProperties kafka) {
        TopicLayout layout = new TopicLayout(settings.streams().topicPartitions(), settings.streams().replicationFactor(), 0);
        List<TopicSpec> specs = new ArrayList<>(TopicSpec.of(
                List.of(Topics.PRACTICE_NOTICES, Topics.PRACTICE_ACTIVITY, Topics.AREA_APPOINTMENTS, Topics.IMPACT_INDICATORS), layout));
        specs.add(TopicSpec.deadLetter(ImpactTopology.modelInputDeadLetterTopic(settings.streams().applicationId()), layout));
        specs.add(TopicSpec.deadLetter(ImpactTopology.appointmentsInputDeadLetterTopic(settings.streams().applicationId()), layout));
        return StartUpTopics.provision(bootstrapServers(kafka), specs);
    }

    /** spring.kafka.bootstrap-servers, with Spring Boot's default, as every Kafka client of the services reads it. */
    private static String bootstrapServers(KafkaProperties kafka) {
        return String.join(",", kafka.getBootstrapServers());
    }
}
