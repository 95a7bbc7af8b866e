package uk.nhs.impactmonitor.streams.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import uk.nhs.impactmonitor.domain.topic.Topic;

/**
 * An input record that cannot be read goes, unchanged, to {@code <topic>.dlq} with the reason in its headers,
 * and processing continues with the next record (Kafka 4.2's built-in dead-letter response). The topics'
 * JSON serdes already name the field at fault in the exception message.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

    /** Config key under which a {@link DeadLetters} instance may be passed in the Streams properties. */
    public static final String DEAD_LETTERS_CONFIG = "impact.dead-letters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private DeadLetters deadLetters = DeadLetters.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(DEAD_LETTERS_CONFIG) instanceof DeadLetters configured) {
            deadLetters = configured;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = reasonOf(exception);
        log.warn("Unreadable record {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(), reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.add(headers, reason, exception.getClass().getName(), record.topic(), record.partition(), record.offset());
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(Topic.deadLetterTopic(record.topic()), null,
                record.key(), record.value(), headers);
        deadLetters.deadLettered(record.topic(), reason);
        return Response.resume(List.of(deadLetter));
    }

    /** The exception's message, naming the JSON field at fault when the parser knows it. */
    static String reasonOf(Exception exception) {
        String reason = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        Throwable cause = exception;
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                if (ref.getPropertyName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            if (!field.isEmpty()) {
                reason = field + ": " + reason;
            }
        }
        return reason;
    }
}
