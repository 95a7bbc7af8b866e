package uk.nhs.impactmonitor.streams.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Kafka's own client metrics as Micrometer meters, above all the consumers' lag:
 * {@code kafka_consumer_fetch_manager_records_lag{client_id, topic, partition}} (records between the consumer's
 * position and the partition's end, read_committed: the last stable offset) and {@code ..._records_lag_max}.
 * Kafka creates a partition's metrics only once it is assigned, so the binders look for new ones every
 * {@code refresh} (Micrometer's default is a minute: a freshly assigned partition would stay invisible that long).
 */
public final class KafkaClientMeters implements AutoCloseable {

    public static final Duration REFRESH = Duration.ofSeconds(5);
    public static final KafkaClientMeters NONE = new KafkaClientMeters(null, REFRESH);

    /** A bound client's meters; closing removes them (a closed client has no lag to show). */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    private final MeterRegistry registry;
    private final Duration refresh;
    private final ScheduledExecutorService scheduler;

    public KafkaClientMeters(MeterRegistry registry, Duration refresh) {
        this.registry = registry;
        this.refresh = refresh;
        this.scheduler = registry == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-client-meters");
            t.setDaemon(true);
            return t;
        });
    }

    public Binding bind(KafkaStreams streams) {
        if (registry == null) {
            return () -> { };
        }
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, refresh);
        metrics.bindTo(registry);
        return metrics::close;
    }

    public Binding bind(Consumer<?, ?> consumer) {
        if (registry == null) {
            return () -> { };
        }
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.empty(), scheduler, refresh);
        metrics.bindTo(registry);
        return metrics::close;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
