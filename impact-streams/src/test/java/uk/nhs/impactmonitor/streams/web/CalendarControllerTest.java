package uk.nhs.impactmonitor.streams.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.streams.Http;

/** {@code GET /api/v1/calendar} over HTTP, without Kafka: the bank holidays the planners' page marks on its charts. */
@SpringBootTest(classes = CalendarControllerTest.CalendarOnly.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=impact-streams", "monitor.security.dev-credentials=true", "spring.kafka.bootstrap-servers=127.0.0.1:1"})
class CalendarControllerTest {

    /** The controller, the built-in calendar and the shared web auto-configuration (security, problems, directory). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(CalendarController.class)
    static class CalendarOnly {
        @Bean
        ActivityCalendar activityCalendar() {
            return ActivityCalendar.builtIn();
        }
    }

    @LocalServerPort
    int port;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void shouldListTheBankHolidaysOfTheSpanWhenAnyRoleAsks() {
        // when
        Http.Response practice = http.get("/api/v1/calendar?from=2024-08-01&to=2024-09-30", Http.PRACTICE_Z00001);
        Http.Response icb = http.get("/api/v1/calendar?from=2024-12-01&to=2025-01-01", Http.ICB_QKK);

        // then the summer bank holiday; Christmas, Boxing Day and New Year's Day (both ends included)
        assertThat(practice.status()).isEqualTo(200);
        assertThat(practice.json().path("from").asString()).isEqualTo("2024-08-01");
        assertThat(practice.json().path("to").asString()).isEqualTo("2024-09-30");
        assertThat(texts(practice.json().path("bankHolidays"))).containsExactly("2024-08-26");
        assertThat(texts(icb.json().path("bankHolidays"))).containsExactly("2024-12-25", "2024-12-26", "2025-01-01");
    }

    @Test
    void shouldRefuseNamingTheFieldWhenADateIsBadOrTheSpanTooLong() {
        // when
        Http.Response badFrom = http.get("/api/v1/calendar?from=01/08/2024&to=2024-09-30", Http.ADMIN);
        Http.Response missingTo = http.get("/api/v1/calendar?from=2024-08-01", Http.ADMIN);
        Http.Response backwards = http.get("/api/v1/calendar?from=2024-09-30&to=2024-08-01", Http.ADMIN);
        Http.Response tooLong = http.get("/api/v1/calendar?from=2023-01-01&to=2026-01-31", Http.ADMIN);
        Http.Response anonymous = http.get("/api/v1/calendar?from=2024-08-01&to=2024-09-30", null);

        // then
        for (Http.Response refused : List.of(badFrom, missingTo, backwards, tooLong)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(badFrom.json().path("errors").get(0).path("field").asString()).isEqualTo("from");
        assertThat(missingTo.json().path("errors").get(0).path("field").asString()).isEqualTo("to");
        assertThat(backwards.json().path("errors").get(0).path("field").asString()).isEqualTo("to");
        assertThat(tooLong.json().path("errors").get(0).path("field").asString()).isEqualTo("to");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }
}
