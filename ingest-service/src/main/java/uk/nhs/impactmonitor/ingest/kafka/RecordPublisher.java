package uk.nhs.impactmonitor.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * Writes records with the serdes of their {@link Topic} and returns only once the broker acknowledged
 * every one, within one deadline for the whole call; otherwise it throws {@link KafkaUnavailableException}.
 * A caller that gets an answer can therefore say "accepted" truthfully.
 */
public final class RecordPublisher {

    /** Who asked for a write, for audit downstream (a header, so the value schema stays the shared one). */
    public static final String CALLER_HEADER = "monitor-caller";

    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;

    public RecordPublisher(Producer<byte[], byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    public record Keyed<K, V>(K key, V value) {
    }

    public <K, V> RecordMetadata publish(Topic<K, V> topic, K key, V value, String caller) {
        return publishAll(topic, List.of(new Keyed<>(key, value)), caller).get(0);
    }

    /** Sends all, then waits for all acknowledgements; the metadata come back in the order of {@code records}. */
    public <K, V> List<RecordMetadata> publishAll(Topic<K, V> topic, List<Keyed<K, V>> records, String caller) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> pending = new ArrayList<>(records.size());
        try {
            for (Keyed<K, V> record : records) {
                RecordHeaders headers = new RecordHeaders();
                if (caller != null) {
                    headers.add(CALLER_HEADER, caller.getBytes(StandardCharsets.UTF_8));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException();
                }
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic.name(), null,
                        topic.keySerde().serializer().serialize(topic.name(), record.key()),
                        topic.valueSerde().serializer().serialize(topic.name(), record.value()), headers));
                if (sent.isDone()) {
                    // a send that failed at once (e.g. no metadata within max.block.ms) fails the rest too: stop waiting per record
                    sent.get();
                }
                pending.add(sent);
            }
            List<RecordMetadata> acknowledged = new ArrayList<>(pending.size());
            for (Future<RecordMetadata> future : pending) {
                long remaining = Math.max(0, deadline - System.nanoTime());
                acknowledged.add(future.get(remaining, TimeUnit.NANOSECONDS));
            }
            return acknowledged;
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the write to " + topic.name() + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("Kafka did not take the write to " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (KafkaException e) {
            // e.g. max.block.ms elapsed waiting for metadata: the broker is unreachable
            throw new KafkaUnavailableException("Kafka is unreachable for " + topic.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
        }
    }
}
