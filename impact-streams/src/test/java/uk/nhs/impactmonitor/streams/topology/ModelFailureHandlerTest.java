package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHandler;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;
import uk.nhs.impactmonitor.streams.model.ModelInput;

class ModelFailureHandlerTest {

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        public String topic() { return "impact-streams-national-model-input-repartition"; }
        public int partition() { return 0; }
        public long offset() { return 7L; }
        public Headers headers() { return new RecordHeaders(); }
        public String processorNodeId() { return "national-model"; }
        public TaskId taskId() { return new TaskId(1, 0); }
        public long timestamp() { return 0L; }
        public byte[] sourceRawKey() { return null; }
        public byte[] sourceRawValue() { return null; }
    };

    @Test
    void shouldDeadLetterTheReportToItsInputTopicWhenTheModelFailsOnIt() {
        // given
        List<String> counted = new ArrayList<>();
        ModelFailureHandler handler = new ModelFailureHandler();
        handler.configure(Map.of(DeadLetterHandler.DEAD_LETTERS_CONFIG, (DeadLetters) (topic, reason) -> counted.add(topic)));
        var report = ModelFixture.report("P1", LocalDate.parse("2024-08-01"), 1, 2, 0, 0, 0, 0, 0);

        // when
        ProcessingExceptionHandler.Response response = handler.handleError(CONTEXT,
                new Record<>("P1", ModelInput.of(report), 0L), new IllegalStateException("boom"));

        // then
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("practice-activity.dlq");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("P1/2024-08-01");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("\"practiceCode\":\"P1\"");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("processing failed: boom");
        assertThat(counted).containsExactly("practice-activity");
    }

    @Test
    void shouldOnlyResumeWhenAnEmissionFails() {
        // given
        ModelFailureHandler handler = new ModelFailureHandler();
        handler.configure(Map.of());

        // when
        ProcessingExceptionHandler.Response response = handler.handleError(CONTEXT, null, new IllegalStateException("boom"));

        // then the days stay pending and are retried; nothing is dead-lettered
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }
}
