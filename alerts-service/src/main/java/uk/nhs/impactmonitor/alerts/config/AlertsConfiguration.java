package uk.nhs.impactmonitor.alerts.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.mail.javamail.JavaMailSender;
import uk.nhs.impactmonitor.alerts.dispatch.Dispatcher;
import uk.nhs.impactmonitor.alerts.metrics.AlertMetrics;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.lifecycle.IndicatorConsumer;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;
import uk.nhs.impactmonitor.alerts.metrics.PipelineLatency;
import uk.nhs.impactmonitor.alerts.notify.AlertmanagerChannel;
import uk.nhs.impactmonitor.alerts.notify.Dedup;
import uk.nhs.impactmonitor.alerts.notify.Deliverer;
import uk.nhs.impactmonitor.alerts.notify.EmailChannel;
import uk.nhs.impactmonitor.alerts.notify.Mute;
import uk.nhs.impactmonitor.alerts.notify.NotifyPipeline;
import uk.nhs.impactmonitor.alerts.notify.Receiver;
import uk.nhs.impactmonitor.alerts.notify.Record;
import uk.nhs.impactmonitor.alerts.notify.Render;
import uk.nhs.impactmonitor.alerts.notify.Route;
import uk.nhs.impactmonitor.alerts.notify.TeamsChannel;
import uk.nhs.impactmonitor.alerts.notify.WebhookChannel;
import uk.nhs.impactmonitor.alerts.notify.WebhookUrlPolicy;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.silence.SilenceExpiry;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.subscription.SecretCipher;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.StartUpTopics;
import uk.nhs.impactmonitor.kafka.TopicSpec;
import uk.nhs.impactmonitor.web.kafka.TopicLayoutProperties;

/**
 * Wires the service: indicators → judge (lifecycle, rules) → alerts; then, per receiver, the notify pipeline
 * route → mute → dedup → render → deliver → record, run by the dispatcher; all state kept in Kafka.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TopicLayoutProperties.class)
public class AlertsConfiguration {

    @Bean
    Clock alertsClock() {
        return Clock.systemUTC();
    }

    /**
     * The topics this service reads and writes, created when missing and brought to their definitions (other
     * services and the local stack do the same for theirs), before anything reads them.
     */
    @Bean
    StartUpTopics alertsTopics(KafkaProperties kafka, TopicLayoutProperties layout) {
        List<Topic<String, ?>> topics = new ArrayList<>(AlertsTopics.OWN);
        topics.add(Topics.IMPACT_INDICATORS);
        return StartUpTopics.provision(String.join(",", kafka.getBootstrapServers()), TopicSpec.of(topics, layout.layout()));
    }

    /** After the topics: nothing is read before its topic has its definition. */
    @Bean
    AlertsKafka alertsKafka(KafkaProperties kafka, StartUpTopics alertsTopics) {
        return new AlertsKafka(kafka.buildProducerProperties(), kafka.buildConsumerProperties());
    }

    @Bean
    RuleBook ruleBook(AlertsProperties properties, PracticeDirectory directory) {
        return new RuleBook(properties.rules(), directory);
    }

    /** Refuses to start outside development without a key: webhook secrets must not sit in clear on the topic. */
    @Bean
    SubscriptionStore subscriptionStore(AlertsKafka kafka, AlertsProperties properties, Environment environment) {
        boolean development = environment.getProperty("monitor.security.dev-credentials", Boolean.class, false);
        return new SubscriptionStore(kafka, SecretCipher.of(properties.webhooks().secretKey(), development));
    }

    @Bean
    SilenceStore silenceStore(AlertsKafka kafka) {
        return new SilenceStore(kafka);
    }

    @Bean
    NotificationLog notificationLog(AlertsKafka kafka) {
        return new NotificationLog(kafka);
    }

    /** {@code monitor_pipeline_latency_seconds{stage="alert"|"webhook"|...}}: indicator record to alert change and delivery. */
    @Bean
    PipelineLatency pipelineLatency(MeterRegistry meters) {
        return new PipelineLatency(meters);
    }

    /** Kafka's client metrics (consumer lag above all) of the indicator consumer. */
    @Bean
    KafkaClientMeters kafkaClientMeters(MeterRegistry meters) {
        return new KafkaClientMeters(meters, KafkaClientMeters.REFRESH);
    }

    /** Working days and bank holidays: {@code monitor.calendar.bank-holidays}, or the 2023-2027 list built in. */
    @Bean
    ActivityCalendar alertsCalendar(CalendarProperties properties) {
        return properties.bankHolidays() == null || properties.bankHolidays().isBlank() ? ActivityCalendar.builtIn()
                : ActivityCalendar.read(java.nio.file.Path.of(properties.bankHolidays()));
    }

    @Bean
    AlertEngine alertEngine(RuleBook rules, AlertsKafka kafka, SilenceStore silences, Clock alertsClock, AlertsProperties properties,
                            PipelineLatency pipelineLatency, ActivityCalendar alertsCalendar) {
        return new AlertEngine(rules, kafka, silences, alertsClock, properties.seriesDays(), pipelineLatency, alertsCalendar);
    }

    @Bean
    IndicatorConsumer indicatorConsumer(AlertsKafka kafka, AlertEngine engine, KafkaClientMeters kafkaClientMeters) {
        return new IndicatorConsumer(kafka, engine, kafkaClientMeters);
    }

    /** Loopback follows the development credentials unless set: the local stack and tests post to receivers on loopback. */
    @Bean
    WebhookUrlPolicy webhookUrlPolicy(AlertsProperties properties, Environment environment) {
        Boolean allowLoopback = properties.webhooks().allowLoopback();
        if (allowLoopback == null) {
            allowLoopback = environment.getProperty("monitor.security.dev-credentials", Boolean.class, false);
        }
        return new WebhookUrlPolicy(properties.webhooks(), allowLoopback);
    }

    @Bean
    Deliverer deliverer(AlertsProperties properties, ObjectProvider<JavaMailSender> mailSender, Clock alertsClock, MeterRegistry meters,
                        WebhookUrlPolicy webhookUrlPolicy) {
        return new Deliverer(Map.of(
                Receiver.WEBHOOK, new WebhookChannel(properties.delivery(), webhookUrlPolicy),
                Receiver.EMAIL, new EmailChannel(mailSender, properties.email()),
                Receiver.TEAMS, new TeamsChannel(properties.delivery(), webhookUrlPolicy, properties.pageUrl().toString()),
                Receiver.ALERTMANAGER, new AlertmanagerChannel(properties.alertmanager(), properties.delivery(), alertsClock)),
                properties.delivery(), meters);
    }

    /** The stages in their one order; each gets only the settings it reads. */
    @Bean
    NotifyPipeline notifyPipeline(AlertsProperties properties, PracticeDirectory directory, RuleBook rules, SilenceStore silences,
                                  NotificationLog notificationLog, AlertEngine engine, Deliverer deliverer, PipelineLatency pipelineLatency,
                                  Clock alertsClock) {
        return new NotifyPipeline(
                new Route(directory),
                new Mute(silences, notificationLog, properties.escalateAfter()),
                new Dedup(notificationLog, properties.groupWait(), properties.repeatInterval(), properties.alertmanager().resendInterval()),
                new Render(directory, rules, properties.externalUrl().toString(), engine::reading),
                deliverer,
                new Record(notificationLog, pipelineLatency, alertsClock));
    }

    /** Alerts a silence held stop saying so once it ends: a lifecycle change, run beside the dispatcher, not by it. */
    @Bean
    SilenceExpiry silenceExpiry(SilenceStore silences, Clock alertsClock, AlertEngine engine) {
        return new SilenceExpiry(silences, alertsClock, ended -> engine.refreshSilences());
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService alertDeliveries() {
        AtomicInteger n = new AtomicInteger();
        // a few threads: one slow receiver in its backoff must not hold up the others
        return Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "alerts-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    Dispatcher dispatcher(AlertEngine engine, SubscriptionStore subscriptions, SilenceStore silences, NotifyPipeline notifyPipeline,
                          AlertsProperties properties, Clock alertsClock, ExecutorService alertDeliveries) {
        return new Dispatcher(engine, subscriptions, silences, notifyPipeline, properties.alertmanager().enabled(),
                properties.delivery().maxBackoff(), alertsClock, alertDeliveries);
    }

    @Bean
    AlertsHealth alertsHealth(AlertEngine engine, IndicatorConsumer consumer) {
        return new AlertsHealth(engine, consumer);
    }

    @Bean
    AlertMetrics alertMetrics(MeterRegistry meters) {
        return new AlertMetrics(meters);
    }

    @Bean
    AlertsRuntime alertsRuntime(SubscriptionStore subscriptions, SilenceStore silences, NotificationLog notificationLog, AlertEngine engine,
                                IndicatorConsumer consumer, SilenceExpiry silenceExpiry, Dispatcher dispatcher, AlertMetrics metrics,
                                AlertsProperties properties) {
        return new AlertsRuntime(subscriptions, silences, notificationLog, engine, consumer, silenceExpiry, dispatcher, metrics, properties);
    }
}
