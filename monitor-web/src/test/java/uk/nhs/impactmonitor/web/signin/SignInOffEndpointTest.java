package uk.nhs.impactmonitor.web.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/** The default: no identity provider to sign in with, said as a 404 problem, so the pages offer the pasted credential only. */
@SpringBootTest(classes = SignInOffEndpointTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "monitor.security.admin-token=" + SignInEndpointTest.ADMIN})
class SignInOffEndpointTest {

    @LocalServerPort
    int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void shouldAnswer404ProblemWhenSignInIsNotConfigured() throws Exception {
        // when
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sign-in"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.get("title").asString()).isEqualTo("Sign-in not configured");
    }
}
