package uk.nhs.impactmonitor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Runs a topology over records already on the broker until it has processed them all, timing it the same way for
 * the engine's floor and for the full topology: from the moment the instance is RUNNING (group joined, tasks
 * assigned) to the moment the stream thread's {@code process-total} reaches the records it has to process (the input
 * records, then each again from the repartition topic), and then to the moment {@code settled} holds.
 */
final class StreamsRun {

    private StreamsRun() {
    }

    /**
     * @param processedSeconds RUNNING → every record processed
     * @param settledSeconds   RUNNING → settled (for the full topology: every pending day recomputed and emitted)
     * @param processed        the stream thread's process-total at the end
     * @param stateDirBytes    the instance's state directory on disk after a clean close (RocksDB)
     * @param changelogBytes   the changelog topics on the broker's disk
     * @param heapBytes        heap used after a full GC with the instance loaded, less the heap used before it started
     */
    record Measured(double processedSeconds, double settledSeconds, long processed, long stateDirBytes, long changelogBytes,
                    long heapBytes) {
    }

    static Measured run(Topology topology, Properties properties, long expectedProcessed, Predicate<KafkaStreams> settled,
                        Consumer<KafkaStreams> beforeClose, Duration timeout) {
        String bootstrapServers = properties.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        String applicationId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Path stateDir = Path.of(properties.getProperty(StreamsConfig.STATE_DIR_CONFIG));
        long heapBefore = Heap.usedAfterGc();
        AtomicLong runningAt = new AtomicLong();
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
            }
        });
        long processedAt;
        long settledAt;
        long heap;
        long processed;
        try {
            streams.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (runningAt.get() == 0 || processTotal(streams) < expectedProcessed) {
                sleep(deadline, streams, "processing " + expectedProcessed + " records (at " + processTotal(streams) + ")");
            }
            processedAt = System.nanoTime();
            while (!settled.test(streams)) {
                sleep(deadline, streams, "settling");
            }
            settledAt = System.nanoTime();
            processed = processTotal(streams);
            heap = Heap.usedAfterGc() - heapBefore;
            beforeClose.accept(streams);
        } finally {
            streams.close(Duration.ofSeconds(60));
        }
        long changelog;
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers)) {
            changelog = probe.topicBytes(applicationId + "-", "-changelog");
        }
        return new Measured((processedAt - runningAt.get()) / 1e9, (settledAt - runningAt.get()) / 1e9, processed,
                directoryBytes(stateDir.resolve(applicationId)), changelog, heap);
    }

    /** Records processed by the instance's stream threads so far (thread-level {@code process-total}). */
    static long processTotal(KafkaStreams streams) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            if (metric.getKey().name().equals("process-total") && metric.getKey().group().equals("stream-thread-metrics")) {
                Object value = metric.getValue().metricValue();
                if (value instanceof Number number) {
                    total += number.doubleValue();
                }
            }
        }
        return (long) total;
    }

    private static void sleep(long deadline, KafkaStreams streams, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka Streams still " + what + " at the time limit (state " + streams.state() + ")");
        }
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("Kafka Streams stopped while " + what + ": " + streams.state());
        }
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    static long directoryBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
