package uk.nhs.impactmonitor.ingest.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the ingest service talks to Kafka and how much it accepts in one request.
 *
 * @param kafkaTimeout      the longest a request waits for Kafka (metadata, acknowledgement, the notice view) before
 *                          answering 503; default 4s, so a dead broker is answered within the 5 s of the contract
 * @param retryAfter        the {@code Retry-After} sent with a 503; default 5s
 * @param publishDirectory  publish the practice directory to the compacted {@code practice-directory} topic at
 *                          start-up; default true
 * @param noticeViewReplay  rebuild the notices "as last known" by reading {@code practice-notices} from the
 *                          beginning; default true (turned off only by tests that run without a broker)
 * @param maxSingleBody     the largest body of a single notice or report; default 64KB (64 KiB)
 * @param maxBatchBody      the largest body of an activity batch; default 16MB (16 MiB, a national day is ~0.5 MiB)
 * @param maxAppointmentsBody the largest NHS England appointments file; default 16MB (16 MiB: a month of England,
 *                          ~16,000 rows, is ~1.5 MiB, and the five months of the shared file, 69,012 rows, ~6.5 MiB)
 */
@Validated
@ConfigurationProperties("monitor.ingest")
public record IngestProperties(
        @NotNull @DefaultValue("4s") Duration kafkaTimeout,
        @NotNull @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("true") boolean publishDirectory,
        @DefaultValue("true") boolean noticeViewReplay,
        @NotNull @DefaultValue("64KB") DataSize maxSingleBody,
        @NotNull @DefaultValue("16MB") DataSize maxBatchBody,
        @NotNull @DefaultValue("16MB") DataSize maxAppointmentsBody) {

    public IngestProperties {
        if (kafkaTimeout != null && (kafkaTimeout.toMillis() < 100 || kafkaTimeout.toSeconds() > 120)) {
            throw new IllegalArgumentException("monitor.ingest.kafka-timeout must be between 100ms and 120s, was " + kafkaTimeout);
        }
        if (retryAfter != null && retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("monitor.ingest.retry-after must be at least 1s, was " + retryAfter);
        }
    }

    /** For the {@code Retry-After} header, which counts whole seconds. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }
}
