package uk.nhs.impactmonitor.alerts.lifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * Reads {@code impact-indicators} on its own thread. At start it replays the topic from the beginning to
 * rebuild the series (values are corrected in place and "for" and EARS read back weeks), judging nothing
 * until it has caught up: then every series is judged once against the alerts read back, so a restart
 * neither loses an alert nor raises one twice. Partitions are assigned, not subscribed: no rebalance to wait
 * for. The group id only keeps the offset up to which records were already seen, so an unreadable record
 * goes to {@code impact-indicators.dlq} once, not at every restart.
 */
public class IndicatorConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IndicatorConsumer.class);
    public static final String GROUP_ID = "alerts-service";

    private final AlertsKafka kafka;
    private final AlertEngine engine;
    private final KafkaClientMeters clientMeters;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean consuming;

    public IndicatorConsumer(AlertsKafka kafka, AlertEngine engine) {
        this(kafka, engine, KafkaClientMeters.NONE);
    }

    /** @param clientMeters exports this consumer's lag behind {@code impact-indicators} */
    public IndicatorConsumer(AlertsKafka kafka, AlertEngine engine, KafkaClientMeters clientMeters) {
        this.kafka = kafka;
        this.engine = engine;
        this.clientMeters = clientMeters;
    }

    @Override
    public void run() {
        consuming = true;
        try (KafkaConsumer<String, byte[]> c = kafka.newConsumer(GROUP_ID); KafkaClientMeters.Binding meters = clientMeters.bind(c)) {
            consumer = c;
            List<TopicPartition> partitions = awaitPartitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> seen = new HashMap<>();
            committed.forEach((tp, offset) -> seen.put(tp, offset == null ? 0L : offset.offset()));
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            boolean replaying = true;
            long replayed = 0;
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    IndicatorValue value = read(record, record.offset() >= seen.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L));
                    if (value == null) {
                        continue;
                    }
                    try {
                        if (replaying) {
                            engine.remember(value);
                            replayed++;
                        } else {
                            engine.onIndicator(value, record.timestamp());
                        }
                    } catch (RuntimeException e) {
                        // e.g. Kafka briefly unavailable for the alert write: the next value of the series judges again
                        log.error("Could not evaluate {}: {}", value.key(), e.getMessage(), e);
                    }
                }
                if (replaying && AlertsKafka.caughtUp(c, end)) {
                    engine.evaluateAll();
                    replaying = false;
                    log.info("Replayed {} indicator value(s); evaluating live", replayed);
                }
                if (!records.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                    for (TopicPartition tp : partitions) {
                        long position = c.position(tp);
                        if (position > seen.getOrDefault(tp, 0L)) {
                            positions.put(tp, new OffsetAndMetadata(position));
                            seen.put(tp, position);
                        }
                    }
                    if (!positions.isEmpty()) {
                        c.commitSync(positions);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Indicator consumer stopped: {}", e.toString(), e);
        } finally {
            consumer = null;
            consuming = false;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) throws WakeupException {
        while (running) {
            List<TopicPartition> partitions = AlertsKafka.partitions(c, Topics.IMPACT_INDICATORS.name());
            if (!partitions.isEmpty()) {
                return partitions;
            }
            log.info("Waiting for topic {} to exist", Topics.IMPACT_INDICATORS.name());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** The value, or {@code null} when unreadable (dead-lettered when not already seen before a restart). */
    private IndicatorValue read(ConsumerRecord<String, byte[]> record, boolean firstSight) {
        String reason;
        try {
            IndicatorValue value = Topics.IMPACT_INDICATORS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (value == null) {
                return null;
            }
            reason = problem(value, record.key());
            if (reason == null) {
                return value;
            }
        } catch (RuntimeException e) {
            reason = e.getMessage();
        }
        if (firstSight) {
            log.warn("Dead-lettering {}@{} of {}: {}", record.partition(), record.offset(), record.topic(), reason);
            try {
                kafka.deadLetter(record, reason);
            } catch (RuntimeException e) {
                log.error("Could not dead-letter {}@{}: {}", record.partition(), record.offset(), e.getMessage());
            }
        }
        return null;
    }

    /** The value is what counts; a key that differs from the contract's is the writer's problem, not a reason to drop a reading. */
    private static String problem(IndicatorValue value, String key) {
        if (value.schemaVersion() != IndicatorValue.SCHEMA_VERSION) {
            return "schemaVersion " + value.schemaVersion() + " is not " + IndicatorValue.SCHEMA_VERSION;
        }
        if (value.indicator() == null || value.area() == null || value.day() == null) {
            return "indicator, area and day are required";
        }
        return null;
    }

    /** Whether the consumer thread is running (waiting for the topic, replaying or live). */
    public boolean isConsuming() {
        return consuming;
    }

    /** Before each run: a context can be stopped and started again (Spring's test contexts are paused between uses). */
    public void prepare() {
        running = true;
        consuming = true;
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

}
