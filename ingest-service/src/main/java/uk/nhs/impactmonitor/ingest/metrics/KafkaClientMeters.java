package uk.nhs.impactmonitor.ingest.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Kafka's own client metrics of a long-lived consumer as Micrometer meters, above all its lag:
 * {@code kafka_consumer_fetch_manager_records_lag{client_id, topic, partition}} (records between the consumer's
 * position and the partition's end) and {@code ..._records_lag_max}. Kafka creates a partition's metrics once it
 * is assigned, so new ones are looked for every {@code refresh} (Micrometer's default is a minute).
 */
public class KafkaClientMeters implements AutoCloseable {

    public static final Duration REFRESH = Duration.ofSeconds(5);

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

    /** Binds nothing. */
    public static KafkaClientMeters none() {
        return new KafkaClientMeters(null, REFRESH);
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
