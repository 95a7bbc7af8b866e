package uk.nhs.impactmonitor.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * Writes dead letters ({@link DeadLetterHeaders}) and waits for the broker: a record is remembered as dead-lettered
 * only once Kafka has its copy. (Kafka Streams sends impact-streams' dead letters itself, built the same way.)
 */
public final class DeadLetterWriter {

    private final Producer<byte[], byte[]> producer;
    private final String service;
    private final Duration timeout;

    /** @param producer shared with its owner, who closes it */
    public DeadLetterWriter(Producer<byte[], byte[]> producer, String service, Duration timeout) {
        this.producer = producer;
        this.service = service;
        this.timeout = timeout;
    }

    /** @throws KafkaException when the broker did not take it in time */
    public void write(ConsumerRecord<byte[], byte[]> record, String reason, String exception) {
        try {
            producer.send(DeadLetterHeaders.deadLetter(record, reason, exception, service)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted dead-lettering " + record.topic() + "@" + record.offset(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not dead-letter " + record.topic() + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }
}
