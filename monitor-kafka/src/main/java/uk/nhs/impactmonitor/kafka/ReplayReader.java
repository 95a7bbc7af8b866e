package uk.nhs.impactmonitor.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * Reads a topic from its beginning as the whole history, then (with {@link #follow()}) keeps reading it: the one way
 * every service rebuilds its state from Kafka. Partitions are assigned, not subscribed: no group rebalance to wait
 * for, every instance reads everything.
 *
 * <ul>
 *   <li><b>Caught up</b>: {@link Listener#onCaughtUp} is called once, when every record that was in the topic when
 *       reading began has been handed over (at once when the topic does not exist yet: there is nothing to catch up
 *       on). Records before it are marked {@link Replayed#replaying()}.</li>
 *   <li><b>A bad record</b> (key or value unreadable, or refused by the listener with {@link Refused}) is skipped, so
 *       the records after it still count, and goes to {@code <topic>.dlq} through the {@link DeadLetterWriter} if
 *       there is one, once: the group id keeps only how far records were seen, so the next start, which reads the
 *       topic whole again, does not dead-letter it again. If a dead letter cannot be written, nothing more is
 *       remembered in this run, so the next start tries again.</li>
 *   <li><b>Stop</b>: {@link #stop()} wakes the consumer; {@link #follow()} returns.</li>
 *   <li><b>Kafka unreachable</b>: {@link #follow()} waits and carries on where it was; {@link #readToEnd()} throws.</li>
 * </ul>
 */
public final class ReplayReader<K, V> {

    private static final Logger log = LoggerFactory.getLogger(ReplayReader.class);

    /** What the reader hands over. */
    public interface Listener<K, V> {

        /**
         * A record read; {@code value} is {@code null} for a tombstone. Throw {@link Refused} to have it treated as
         * unreadable; any other exception is logged and reading goes on.
         */
        void onRecord(Replayed<K, V> record);

        /** A record that could not be read ({@code key} {@code null} when the key itself could not be). */
        default void onUnreadable(K key, String reason) {
        }

        /** Called once: every record in the topic when reading began has been handed over. */
        default void onCaughtUp(long replayed) {
        }
    }

    /** A record read, {@code replaying} while it was in the topic before reading began. */
    public record Replayed<K, V>(K key, V value, int partition, long offset, long timestamp, boolean replaying) {
    }

    /** Thrown by a listener: this record breaks the topic's rules; dead-letter it with this reason. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    private final Topic<K, V> topic;
    private final Map<String, Object> consumerConfig;
    private final String groupId;
    private final DeadLetterWriter deadLetters;
    private final Function<Consumer<byte[], byte[]>, AutoCloseable> clientMeters;
    private final Listener<K, V> listener;
    private final Duration poll;
    private final Duration retry;

    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<TopicPartition, Long> seen = new HashMap<>();
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean caughtUp;
    private boolean rememberSeen = true;
    private boolean seenRead;
    private long replayed;
    private boolean warned;

    /**
     * @param consumerConfig the connection (bootstrap servers, isolation level, client id...); offsets are never
     *                       committed automatically, reading starts at the beginning, no topic is created by reading it
     * @param groupId        where to keep how far records were seen (required with {@code deadLetters}); {@code null}: none
     * @param deadLetters    where bad records go; {@code null}: they are only logged and counted by the listener (a
     *                       reader of someone else's topic: its owner dead-letters)
     * @param clientMeters   binds the consumer's metrics (lag above all) for as long as it lives
     */
    public ReplayReader(Topic<K, V> topic, Map<String, Object> consumerConfig, String groupId, DeadLetterWriter deadLetters,
                        Function<Consumer<byte[], byte[]>, AutoCloseable> clientMeters, Listener<K, V> listener) {
        this(topic, consumerConfig, groupId, deadLetters, clientMeters, listener, Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    public ReplayReader(Topic<K, V> topic, Map<String, Object> consumerConfig, String groupId, DeadLetterWriter deadLetters,
                        Function<Consumer<byte[], byte[]>, AutoCloseable> clientMeters, Listener<K, V> listener,
                        Duration poll, Duration retry) {
        if (deadLetters != null && groupId == null) {
            throw new IllegalArgumentException("a dead-lettering reader needs a group id, or every start dead-letters the same records again");
        }
        this.topic = Objects.requireNonNull(topic);
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // never create a topic by reading it: it would get the broker's defaults, not its definition
        this.consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumerConfig.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        this.consumerConfig.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (groupId == null) {
            this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            this.consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        this.groupId = groupId;
        this.deadLetters = deadLetters;
        this.clientMeters = clientMeters == null ? c -> () -> { } : clientMeters;
        this.listener = Objects.requireNonNull(listener);
        this.poll = poll;
        this.retry = retry;
    }

    /** Reads the topic from its beginning to the end it had when asked, then returns. */
    public void readToEnd() {
        session(true);
        if (!caughtUp && running) {
            throw new IllegalStateException("stopped before " + topic.name() + " was read to its end");
        }
    }

    /** Reads the topic from its beginning, then follows it until {@link #stop()}, through Kafka's outages. */
    public void follow() {
        while (running) {
            try {
                session(false);
            } catch (WakeupException e) {
                if (running) {
                    log.warn("Reader of {} woken while running; starting again where it was", topic.name());
                }
            } catch (KafkaException | IllegalStateException e) {
                if (!warned) {
                    log.warn("Cannot read {} ({}); trying again every {}", topic.name(), e.getMessage(), retry);
                    warned = true;
                } else {
                    log.debug("Cannot read {}: {}", topic.name(), e.getMessage());
                }
                pause();
            }
        }
    }

    public void stop() {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    private void session(boolean untilCaughtUp) {
        try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             AutoCloseable meters = clientMeters.apply(c)) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(c, untilCaughtUp);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            if (groupId != null && !seenRead) {
                Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions));
                committed.forEach((tp, offset) -> seen.put(tp, offset == null ? 0L : offset.offset()));
                seenRead = true;
            }
            for (TopicPartition tp : partitions) {
                Long position = positions.get(tp);
                if (position == null) {
                    c.seekToBeginning(List.of(tp));
                } else {
                    c.seek(tp, position);
                }
            }
            Map<TopicPartition, Long> end = caughtUp ? Map.of() : c.endOffsets(partitions);
            if (!caughtUp) {
                log.info("Reading {} from its beginning ({} partition(s), up to offsets {})", topic.name(), partitions.size(), end.values());
            }
            warned = false;
            while (running) {
                ConsumerRecords<byte[], byte[]> records = c.poll(poll);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record);
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                if (!caughtUp && reached(c, end)) {
                    caughtUp();
                }
                if (!records.isEmpty() || caughtUp) {
                    rememberSeen(c, partitions);
                }
                if (untilCaughtUp && caughtUp) {
                    return;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (KafkaException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            // closing the meters' binding
            log.debug("Closing the reader of {}: {}", topic.name(), e.getMessage());
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> awaitPartitions(Consumer<byte[], byte[]> c, boolean untilCaughtUp) throws InterruptedException {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic.name(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (!caughtUp) {
                // the topic does not exist yet: nothing to catch up on; its first records, when they come, are new
                log.info("Topic {} does not exist yet: nothing to read back", topic.name());
                caughtUp();
            }
            if (untilCaughtUp) {
                return List.of();
            }
            Thread.sleep(retry.toMillis());
        }
        return List.of();
    }

    private void caughtUp() {
        caughtUp = true;
        log.info("Read {} back: {} record(s)", topic.name(), replayed);
        listener.onCaughtUp(replayed);
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        K key = null;
        V value;
        try {
            key = record.key() == null ? null : topic.keySerde().deserializer().deserialize(record.topic(), record.key());
            value = record.value() == null ? null : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            unreadable(record, key, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e.getClass().getName());
            return;
        }
        if (!caughtUp) {
            replayed++;
        }
        try {
            listener.onRecord(new Replayed<>(key, value, record.partition(), record.offset(), record.timestamp(), !caughtUp));
        } catch (Refused e) {
            unreadable(record, key, e.getMessage(), Refused.class.getName());
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. Kafka briefly unavailable for a write the listener makes: the record is not at fault
            log.error("Could not act on {}@{} of {}: {}", record.partition(), record.offset(), topic.name(), e.getMessage(), e);
        }
    }

    private void unreadable(ConsumerRecord<byte[], byte[]> record, K key, String reason, String exception) {
        listener.onUnreadable(key, reason);
        boolean firstSight = record.offset() >= seen.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L);
        if (deadLetters == null) {
            log.warn("Skipping unreadable record {}@{} of {}: {}", record.partition(), record.offset(), topic.name(), reason);
            return;
        }
        if (!firstSight) {
            log.warn("Skipping unreadable record {}@{} of {} (dead-lettered before): {}", record.partition(), record.offset(), topic.name(), reason);
            return;
        }
        log.warn("Dead-lettering unreadable record {}@{} of {}: {}", record.partition(), record.offset(), topic.name(), reason);
        try {
            deadLetters.write(record, reason, exception);
        } catch (RuntimeException e) {
            // not remembered as seen from now on, so the next start tries again; the state is read all the same
            log.error("Could not dead-letter {}@{} of {}: {}", record.partition(), record.offset(), topic.name(), e.getMessage());
            rememberSeen = false;
        }
    }

    /** Keeps how far records were seen, so a bad record is dead-lettered once. */
    private void rememberSeen(Consumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        if (groupId == null || !rememberSeen) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> ahead = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long position = c.position(tp);
            if (position > seen.getOrDefault(tp, 0L)) {
                ahead.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (ahead.isEmpty()) {
            return;
        }
        try {
            c.commitSync(ahead);
            ahead.forEach((tp, offset) -> seen.put(tp, offset.offset()));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // worst case a bad record is dead-lettered again at the next start
            log.warn("Could not remember how far {} was read: {}", topic.name(), e.getMessage());
        }
    }

    private static boolean reached(Consumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void pause() {
        try {
            Thread.sleep(retry.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
