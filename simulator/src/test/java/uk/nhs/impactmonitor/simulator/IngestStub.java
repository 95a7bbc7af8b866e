package uk.nhs.impactmonitor.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Stands in for the ingest-service's API on 127.0.0.1: answers as api.md says and records every request.
 * Knows only the notices declared to it, so a change to an unknown notice gets 404, and a change to a withdrawn
 * one 409, as the real one would.
 */
public final class IngestStub implements AutoCloseable {

    public record Request(String method, String path, String authorization, String contentType, String body, int status) {
        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> notices = ConcurrentHashMap.newKeySet();
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 503;

    public IngestStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The next {@code count} requests fail with {@code status} (the service is not up yet, say). */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    private record Answer(int status, String json) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Answer answer = answer(method, path, body);
        // recorded before answering, so a test that has its response also sees the request
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, answer.status()));
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.status() / 100 == 2 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The requests that were answered 2xx. */
    public List<Request> successful() {
        return requests.stream().filter(request -> request.status() / 100 == 2).toList();
    }

    private Answer answer(String method, String path, String body) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new Answer(failureStatus, "{\"title\":\"unavailable\",\"status\":" + failureStatus + "}");
        }
        if (method.equals("POST") && path.equals("/api/v1/notices")) {
            String id = Json.MAPPER.readTree(body).path("noticeId").asString();
            boolean known = !notices.add(id);
            return new Answer(known ? 200 : 202, "{\"noticeId\":\"" + id + "\",\"status\":\"ACCEPTED\"}");
        }
        if ((method.equals("PUT") || method.equals("DELETE")) && path.startsWith("/api/v1/notices/")) {
            String id = path.substring("/api/v1/notices/".length());
            if (withdrawn.contains(id)) {
                return new Answer(409, "{\"title\":\"Conflict\",\"status\":409}");
            }
            if (method.equals("DELETE") && notices.contains(id)) {
                withdrawn.add(id);
            }
            return notices.contains(id)
                    ? new Answer(202, "{\"noticeId\":\"" + id + "\"}")
                    : new Answer(404, "{\"title\":\"Not Found\",\"status\":404}");
        }
        if (method.equals("POST") && path.equals("/api/v1/activity/batch")) {
            int size = Json.MAPPER.readTree(body).size();
            return new Answer(202, "{\"accepted\":" + size + ",\"rejected\":[]}");
        }
        return new Answer(404, "{\"title\":\"Not Found\",\"status\":404}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
