package uk.nhs.impactmonitor.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/** A real HTTP client against the service on its random port, so security filters and Tomcat are in the loop. */
public final class IngestHttp {

    public static final String ADMIN = "dev-admin";
    /** Z00001 is in ICB QKK, region Y56 (London). */
    public static final String PRACTICE_Z00001 = "dev-practice-Z00001";
    public static final String ICB_QKK = "dev-icb-QKK";
    public static final String REGION_Y56 = "dev-region-Y56";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public IngestHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The messages of {@code errors[]} for one field of a problem. */
        public java.util.List<String> errorsOn(String field) {
            java.util.List<String> messages = new java.util.ArrayList<>();
            json().path("errors").forEach(e -> {
                if (field.equals(e.path("field").asString())) {
                    messages.add(e.path("message").asString());
                }
            });
            return messages;
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response postJson(String path, String token, String json) {
        return send("POST", path, token, "application/json", json);
    }

    public Response putJson(String path, String token, String json) {
        return send("PUT", path, token, "application/json", json);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public Response send(String method, String path, String token, String contentType, String body) {
        return send(method, path, token, contentType, body, java.util.Map.of());
    }

    public Response send(String method, String path, String token, String contentType, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
