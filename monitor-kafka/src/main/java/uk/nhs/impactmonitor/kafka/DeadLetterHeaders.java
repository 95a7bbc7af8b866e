package uk.nhs.impactmonitor.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * The headers a dead-lettered record carries, the same from every service, so one tool reads every dead letter:
 * why it was refused, what refused it and where it came from. The record's key and value are kept unchanged.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dlq.reason";
    public static final String EXCEPTION = "dlq.exception";
    public static final String SERVICE = "dlq.service";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";

    private DeadLetterHeaders() {
    }

    public static Headers add(Headers headers, String reason, String exception, String topic, int partition, long offset) {
        put(headers, REASON, reason);
        put(headers, EXCEPTION, exception);
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, String.valueOf(partition));
        put(headers, SOURCE_OFFSET, String.valueOf(offset));
        return headers;
    }

    /** The dead letter of a record read: to {@code <topic>.dlq}, its key, value and headers unchanged, the reason added. */
    public static <K, V> ProducerRecord<K, V> deadLetter(ConsumerRecord<K, V> record, String reason, String exception, String service) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        add(headers, reason, exception, record.topic(), record.partition(), record.offset());
        if (service != null) {
            put(headers, SERVICE, service);
        }
        return new ProducerRecord<>(Topic.deadLetterTopic(record.topic()), null, record.key(), record.value(), headers);
    }

    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
