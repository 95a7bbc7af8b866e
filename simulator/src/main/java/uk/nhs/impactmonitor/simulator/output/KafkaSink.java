package uk.nhs.impactmonitor.simulator.output;

import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * Writes simulated events straight to {@code practice-notices} and {@code practice-activity}, keyed as the
 * ingest-service would key them, for backfills too large to push through HTTP. The producer is idempotent
 * so a retried batch is not written twice; one producer serves both topics, so the per-partition order of a
 * practice's events is the order they were sent in.
 */
public final class KafkaSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<String> keys = Topics.PRACTICE_ACTIVITY.keySerde().serializer();
    private final Serializer<NoticeEvent> notices = Topics.PRACTICE_NOTICES.valueSerde().serializer();
    private final Serializer<DailyReport> reports = Topics.PRACTICE_ACTIVITY.valueSerde().serializer();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    public KafkaSink(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // a unique client id: the local stack runs several clients in one JVM and client ids name JMX beans
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "simulator-" + UUID.randomUUID());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // a backfill is a million small JSON records: batch and compress them
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public void send(LocalDate arrivalDay, List<SimulatedEvent> events) {
        throwIfFailed();
        for (SimulatedEvent event : events) {
            ProducerRecord<byte[], byte[]> record;
            if (event instanceof SimulatedEvent.Notice notice) {
                String topic = Topics.PRACTICE_NOTICES.name();
                record = new ProducerRecord<>(topic, keys.serialize(topic, notice.event().practiceCode()),
                        notices.serialize(topic, notice.event()));
            } else {
                DailyReport report = ((SimulatedEvent.Report) event).report();
                String topic = Topics.PRACTICE_ACTIVITY.name();
                record = new ProducerRecord<>(topic, keys.serialize(topic, report.key()), reports.serialize(topic, report));
            }
            producer.send(record, (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                } else {
                    sent.incrementAndGet();
                }
            });
        }
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /** Records acknowledged by the broker so far. */
    public long acknowledged() {
        return sent.get();
    }

    private void throwIfFailed() {
        Exception exception = failure.get();
        if (exception != null) {
            throw new SinkException("writing to Kafka failed: " + exception.getMessage(), exception);
        }
    }

    /** Flushes, then closes the producer; a failure to deliver is thrown after the producer is closed. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
