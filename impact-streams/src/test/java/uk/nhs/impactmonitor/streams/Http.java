package uk.nhs.impactmonitor.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/** A small HTTP client for the API tests. */
public final class Http {

    public static final String ADMIN = "dev-admin";
    public static final String ICB_QKK = "dev-icb-QKK";
    public static final String REGION_Y56 = "dev-region-Y56";
    public static final String PRACTICE_Z00001 = "dev-practice-Z00001";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    public Response get(String path, String token) {
        return get(path, token, "application/json");
    }

    public Response get(String path, String token, String accept) {
        return get(path, token, accept, java.util.Map.of());
    }

    public Response get(String path, String token, String accept, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens an event stream; lines arrive on the returned stream. */
    public HttpResponse<java.util.stream.Stream<String>> stream(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
