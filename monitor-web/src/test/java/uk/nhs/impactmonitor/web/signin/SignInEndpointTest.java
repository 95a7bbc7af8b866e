package uk.nhs.impactmonitor.web.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * {@code GET /api/v1/sign-in} on a service with sign-in configured: open without a credential (the page asks before it
 * has one), the provider's endpoints and the public client as configured; and the pages' shared sign-in module served
 * as JavaScript, which a browser requires of a module.
 */
@SpringBootTest(classes = SignInEndpointTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "monitor.security.admin-token=" + SignInEndpointTest.ADMIN,
        "monitor.security.sign-in.client-id=monitor-pages",
        "monitor.security.sign-in.issuer=https://login.example.org/tenant/v2.0",
        "monitor.security.sign-in.authorization-endpoint=https://login.example.org/tenant/oauth2/v2.0/authorize",
        "monitor.security.sign-in.token-endpoint=https://login.example.org/tenant/oauth2/v2.0/token"})
class SignInEndpointTest {

    static final String ADMIN = "static-admin-token-for-the-sign-in-test-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldTellThePageWhereToSignInWithoutACredentialWhenSignInIsConfigured() throws Exception {
        // when: no Authorization header
        HttpResponse<String> response = get("/api/v1/sign-in");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.get("clientId").asString()).isEqualTo("monitor-pages");
        assertThat(body.get("issuer").asString()).isEqualTo("https://login.example.org/tenant/v2.0");
        assertThat(body.get("authorizationEndpoint").asString()).isEqualTo("https://login.example.org/tenant/oauth2/v2.0/authorize");
        assertThat(body.get("tokenEndpoint").asString()).isEqualTo("https://login.example.org/tenant/oauth2/v2.0/token");
        assertThat(body.get("scopes").toString()).isEqualTo("[\"openid\",\"profile\"]");
    }

    @Test
    void shouldStillRefuseTheRestOfTheApiWithoutACredentialWhenSignInIsOpen() throws Exception {
        // when
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sign-in"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        // then: only reading where to sign in is open
        assertThat(post.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeTheSharedSignInModuleAsJavaScriptWithoutACredential() throws Exception {
        // when
        HttpResponse<String> module = get("/shared/oidc-sign-in.js");

        // then
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(module.body()).contains("export async function beginSignIn", "code_challenge_method: 'S256'");
    }
}
