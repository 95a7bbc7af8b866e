package uk.nhs.impactmonitor.streams.web;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import uk.nhs.impactmonitor.streams.query.StoreUnavailableException;
import uk.nhs.impactmonitor.web.problem.Problems;

/** The refusal only impact-streams has: the indicator store is not readable yet (503, try again shortly). */
@RestControllerAdvice
class StreamProblems {

    static final String RETRY_AFTER_SECONDS = "2";

    /** Also when the store goes away mid-read, as it does while the model's task moves or restores. */
    @ExceptionHandler({StoreUnavailableException.class, InvalidStateStoreException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Indicators not available yet", e.getMessage()));
    }
}
