package uk.nhs.impactmonitor.streams.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHandler;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;
import uk.nhs.impactmonitor.streams.model.ModelInput;

/**
 * A record the model fails on (a defect, since readable records are checked before) goes to its input topic's
 * dead-letter topic with the reason, instead of failing the stream thread over and over on the same record.
 * A failed emission (no record) is only logged: its days stay pending and are retried at the next one.
 */
public final class ModelFailureHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ModelFailureHandler.class);

    private DeadLetters deadLetters = DeadLetters.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(DeadLetterHandler.DEAD_LETTERS_CONFIG) instanceof DeadLetters configured) {
            deadLetters = configured;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "processing failed: " + (exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage());
        if (record == null || !(record.value() instanceof ModelInput input)) {
            log.error("Emission failed in {}; its days stay pending", context.processorNodeId(), exception);
            return Response.resume();
        }
        String topic = input.report() != null ? Topics.PRACTICE_ACTIVITY.name() : Topics.PRACTICE_NOTICES.name();
        String key = input.report() != null ? input.report().key() : input.practiceCode();
        byte[] value = input.report() != null
                ? Topics.PRACTICE_ACTIVITY.valueSerde().serializer().serialize(topic, input.report())
                : Topics.PRACTICE_NOTICES.valueSerde().serializer().serialize(topic, input.notice());
        log.error("Record {} of {} dead-lettered: {}", key, topic, reason, exception);
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.add(headers, reason, exception.getClass().getName(), topic, -1, -1);
        deadLetters.deadLettered(topic, reason);
        return Response.resume(List.of(new ProducerRecord<>(topic + ".dlq", null,
                new StringSerializer().serialize(topic, key), value, headers)));
    }
}
