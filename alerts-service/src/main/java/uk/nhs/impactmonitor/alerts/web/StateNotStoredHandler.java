package uk.nhs.impactmonitor.alerts.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import uk.nhs.impactmonitor.alerts.kafka.StateNotStoredException;
import uk.nhs.impactmonitor.web.problem.Problems;

/** Kafka unavailable: 503 problem details with Retry-After, as ingest-service answers; nothing was changed. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StateNotStoredHandler {

    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(StateNotStoredException.class)
    ResponseEntity<ProblemDetail> unavailable(StateNotStoredException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "Kafka did not store the change in time, so nothing changed; try again. (" + e.getMessage() + ")");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", RETRY_AFTER_SECONDS).body(problem);
    }
}
