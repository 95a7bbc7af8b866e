package uk.nhs.impactmonitor.streams.feed;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;

/**
 * Reads {@code impact-indicators} (committed values only) on every instance, whichever holds the model, and
 * hands each value to the listeners: the SSE broadcaster and the Prometheus gauges. It reads without a consumer
 * group, from the beginning, so the gauges know every series' latest day after a restart.
 */
public final class IndicatorFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndicatorFeed.class);

    private final String bootstrapServers;
    private final String clientId;
    private final List<Consumer<IndicatorValue>> listeners;
    private final KafkaClientMeters clientMeters;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public IndicatorFeed(String bootstrapServers, String clientId, List<Consumer<IndicatorValue>> listeners) {
        this(bootstrapServers, clientId, listeners, KafkaClientMeters.NONE);
    }

    /** @param clientMeters exports the feed's consumer lag (how far the SSE stream and the gauges are behind) */
    public IndicatorFeed(String bootstrapServers, String clientId, List<Consumer<IndicatorValue>> listeners, KafkaClientMeters clientMeters) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        this.listeners = List.copyOf(listeners);
        this.clientMeters = clientMeters;
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        var deserializer = Topics.IMPACT_INDICATORS.valueSerde().deserializer();
        KafkaClientMeters.Binding meters = clientMeters.bind(consumer);
        try {
            List<TopicPartition> partitions = List.of();
            while (running.get() && partitions.isEmpty()) {
                try {
                    List<PartitionInfo> infos = consumer.partitionsFor(Topics.IMPACT_INDICATORS.name(), Duration.ofSeconds(5));
                    partitions = infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                } catch (org.apache.kafka.common.errors.RetriableException e) {
                    // the broker or the topic is not there yet: keep waiting, the feed must not give up
                    log.debug("Waiting for {}: {}", Topics.IMPACT_INDICATORS.name(), e.getMessage());
                }
                if (partitions.isEmpty()) {
                    Thread.sleep(500);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    IndicatorValue value;
                    try {
                        value = deserializer.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        log.warn("Unreadable indicator value at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    if (value != null) {
                        for (Consumer<IndicatorValue> listener : listeners) {
                            listener.accept(value);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() woke us
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Indicator feed stopped", e);
        } finally {
            meters.close();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
