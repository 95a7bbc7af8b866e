package uk.nhs.impactmonitor.web.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Kafka's own client metrics as Micrometer meters, above all the consumers' lag, for every service:
 * {@code kafka_consumer_fetch_manager_records_lag{client_id, topic, partition}} (records between the consumer's
 * position and the partition's end; read_committed: the last stable offset) and {@code ..._records_lag_max}.
 * Kafka creates a partition's metrics only once it is assigned, so the binders look for new ones every
 * {@code refresh} (Micrometer's default is a minute: a freshly assigned partition would stay invisible that long).
 */
public final class KafkaClientMeters implements AutoCloseable {

    public static final Duration REFRESH = Duration.ofSeconds(5);

    /** Binds nothing (tests, and code paths without a registry). */
    public static final KafkaClientMeters NONE = new KafkaClientMeters(null, REFRESH);

    /** A bound client's meters; closing removes them (a closed client has no lag to show). */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /** Makes Micrometer's binder for one client (a consumer, or a Kafka Streams instance) on the shared scheduler. */
    @FunctionalInterface
    public interface BinderFactory<B extends MeterBinder & AutoCloseable> {
        B create(ScheduledExecutorService scheduler, Duration refresh);
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

    public Binding bind(Consumer<?, ?> consumer) {
        return bind((scheduler, every) -> new KafkaClientMetrics(consumer, Tags.empty(), scheduler, every));
    }

    /** Any other Kafka client, e.g. {@code (s, r) -> new KafkaStreamsMetrics(streams, Tags.empty(), s, r)}. */
    public <B extends MeterBinder & AutoCloseable> Binding bind(BinderFactory<B> factory) {
        if (registry == null) {
            return () -> { };
        }
        B metrics = factory.create(scheduler, refresh);
        metrics.bindTo(registry);
        return () -> {
            try {
                metrics.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not remove a Kafka client's meters", e);
            }
        };
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
