package uk.nhs.impactmonitor.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.topic.Topics;

class DeadLetterHandlerTest {

    private static ConsumerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ConsumerRecord<>(topic, 1, 42L, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static ErrorHandlerContext context(ConsumerRecord<byte[], byte[]> record) {
        return new ErrorHandlerContext() {
            public String topic() { return record.topic(); }
            public int partition() { return record.partition(); }
            public long offset() { return record.offset(); }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "source"; }
            public TaskId taskId() { return new TaskId(0, 1); }
            public long timestamp() { return 0L; }
            public byte[] sourceRawKey() { return record.key(); }
            public byte[] sourceRawValue() { return record.value(); }
        };
    }

    private static Exception readFailure(String topic, ConsumerRecord<byte[], byte[]> record) {
        try {
            (topic.equals("practice-notices") ? Topics.PRACTICE_NOTICES.valueSerde() : Topics.PRACTICE_ACTIVITY.valueSerde())
                    .deserializer().deserialize(topic, record.value());
            throw new AssertionError("expected the record to be unreadable");
        } catch (SerializationException e) {
            return e;
        }
    }

    @Test
    void shouldSendAnUnreadableReportToItsDeadLetterTopicNamingTheFieldWhenATypeIsWrong() {
        // given
        List<String> counted = new ArrayList<>();
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(DeadLetterHandler.DEAD_LETTERS_CONFIG, (DeadLetters) (topic, reason) -> counted.add(topic)));
        String poison = "{\"schemaVersion\":1,\"practiceCode\":\"Z00002\",\"day\":\"2024-08-05\",\"clinicianSessions\":\"many\"}";
        ConsumerRecord<byte[], byte[]> record = record("practice-activity", "Z00002/2024-08-05", poison);

        // when
        DeserializationExceptionHandler.Response response = handler.handleError(context(record), record, readFailure("practice-activity", record));

        // then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("practice-activity.dlq");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("Z00002/2024-08-05");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(poison);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).startsWith("clinicianSessions: ");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("practice-activity");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("1");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(counted).containsExactly("practice-activity");
    }

    @Test
    void shouldSendAnInvalidNoticeToItsDeadLetterTopicWithTheRuleItBreaks() {
        // given a notice ending before it starts
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of());
        String invalid = """
                {"schemaVersion":1,"type":"DECLARED","noticeId":"n1","practiceCode":"Z00001","action":"DEFER_PILOTS",
                 "effectiveFrom":"2024-08-05","effectiveTo":"2024-08-01"}""";
        ConsumerRecord<byte[], byte[]> record = record("practice-notices", "Z00001", invalid);

        // when
        DeserializationExceptionHandler.Response response = handler.handleError(context(record), record, readFailure("practice-notices", record));

        // then
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("practice-notices.dlq");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON))
                .isEqualTo("invalid NoticeEvent: effectiveTo: must not be before effectiveFrom");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.EXCEPTION)).isEqualTo(SerializationException.class.getName());
    }
}
