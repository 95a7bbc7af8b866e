package uk.nhs.impactmonitor.ingest.notice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;

/**
 * Keeps {@link NoticeView} up to date by reading {@code practice-notices} from the beginning (committed
 * records only), on its own thread. While Kafka is unreachable it retries and the service keeps starting;
 * writes wait for the first catch-up so a resend is never mistaken for a new notice.
 * A record it cannot read is skipped and counted (the streams service owns the topic's dead-letter copy).
 */
public final class NoticeViewLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NoticeViewLoader.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final NoticeView view;
    private final Map<String, Object> consumerConfig;
    private final Counter unreadable;
    private final KafkaClientMeters clientMeters;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public NoticeViewLoader(NoticeView view, Map<String, Object> consumerConfig, MeterRegistry meters) {
        this(view, consumerConfig, meters, KafkaClientMeters.NONE);
    }

    /** @param clientMeters exports the loader's lag behind {@code practice-notices} (writes of notices wait for it) */
    public NoticeViewLoader(NoticeView view, Map<String, Object> consumerConfig, MeterRegistry meters, KafkaClientMeters clientMeters) {
        this.clientMeters = clientMeters;
        this.view = view;
        this.consumerConfig = consumerConfig;
        this.unreadable = Counter.builder("ingest.notice.view.unreadable")
                .description("practice-notices records the notice view could not read and skipped")
                .register(meters);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "notice-view-loader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        boolean warned = false;
        while (running) {
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                 KafkaClientMeters.Binding bound = clientMeters.bind(kafka)) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                return;
            } catch (KafkaException | IllegalStateException e) {
                if (!warned) {
                    log.warn("Cannot read {} yet ({}); writes of notices answer 503 until it can be read", Topics.PRACTICE_NOTICES.name(), e.getMessage());
                    warned = true;
                }
                sleep(RETRY);
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> kafka) {
        String topic = Topics.PRACTICE_NOTICES.name();
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, RETRY);
            partitions = infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                // the topic does not exist yet, so there is nothing to catch up on; look again for the first write
                view.markCaughtUp();
                sleep(RETRY);
            }
        }
        if (!running) {
            return;
        }
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(partitions, RETRY));
        log.info("Rebuilding the notice view from {} ({} partitions, {} records)", topic, partitions.size(),
                end.values().stream().mapToLong(Long::longValue).sum());
        while (running) {
            ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                read(record);
            }
            if (!view.isCaughtUp() && end.entrySet().stream().allMatch(e -> kafka.position(e.getKey(), RETRY) >= e.getValue())) {
                log.info("Notice view caught up: {} notices", view.size());
                view.markCaughtUp();
            }
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        try {
            NoticeEvent event = Topics.PRACTICE_NOTICES.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (event != null) {
                view.apply(event, record.partition(), record.offset());
            }
        } catch (RuntimeException e) {
            unreadable.increment();
            log.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
