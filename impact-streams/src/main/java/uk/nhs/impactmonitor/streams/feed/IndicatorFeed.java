package uk.nhs.impactmonitor.streams.feed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.context.SmartLifecycle;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.ReplayReader;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;

/**
 * Reads {@code impact-indicators} (committed values only) on every instance, whichever holds the model, and
 * hands each value to the listeners: the SSE broadcaster and the Prometheus gauges. It reads without a consumer
 * group, from the beginning ({@link ReplayReader}), so the gauges know every series' latest day after a restart.
 */
public final class IndicatorFeed implements SmartLifecycle {

    private final String bootstrapServers;
    private final String clientId;
    private final List<Consumer<IndicatorValue>> listeners;
    private final KafkaClientMeters clientMeters;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile ReplayReader<String, IndicatorValue> reader;
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
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // impact-streams owns the topic's dead letters (its writer checks every value): here a bad one is only skipped
        reader = new ReplayReader<>(Topics.IMPACT_INDICATORS, config, null, null, clientMeters::bind,
                (ReplayReader.Replayed<String, IndicatorValue> record) -> {
                    if (record.value() != null) {
                        for (Consumer<IndicatorValue> listener : listeners) {
                            listener.accept(record.value());
                        }
                    }
                });
        thread = new Thread(reader::follow, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            reader.stop();
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
