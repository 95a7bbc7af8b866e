package uk.nhs.impactmonitor.ingest.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;
import uk.nhs.impactmonitor.ingest.kafka.KafkaUnavailableException;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.ingest.notice.NoticeConflictException;
import uk.nhs.impactmonitor.web.problem.Problems;

/** The refusals particular to ingest, as problem details: Kafka unavailable (503 + Retry-After), conflict (409). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IngestProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestProblemHandler.class);

    private final IngestProperties properties;
    private final IngestMetrics metrics;

    IngestProblemHandler(IngestProperties properties, IngestMetrics metrics) {
        this.properties = properties;
        this.metrics = metrics;
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException e) {
        metrics.kafkaUnavailable();
        log.warn("Answering 503: {}", e.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                e.outcome() + ": " + e.getMessage() + ". Send the same request again after " + properties.retryAfterSeconds() + " s.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(NoticeConflictException.class)
    ResponseEntity<ProblemDetail> conflict(NoticeConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.CONFLICT, "Conflict", e.getMessage()));
    }
}
