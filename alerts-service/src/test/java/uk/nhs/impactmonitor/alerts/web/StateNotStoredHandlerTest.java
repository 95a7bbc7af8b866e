package uk.nhs.impactmonitor.alerts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import uk.nhs.impactmonitor.alerts.kafka.StateNotStoredException;

/** Kafka away: the caller is told 503 with Retry-After, as problem details, and that nothing changed. */
class StateNotStoredHandlerTest {

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaDidNotStoreChange() {
        // given
        StateNotStoredException e = new StateNotStoredException("could not write to alerts-subscriptions: timed out", new TimeoutException());

        // when
        ResponseEntity<ProblemDetail> response = new StateNotStoredHandler().unavailable(e);

        // then
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().getTitle()).isEqualTo("Service unavailable");
        assertThat(response.getBody().getDetail()).startsWith("Kafka did not store the change in time, so nothing changed");
    }
}
