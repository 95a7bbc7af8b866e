package uk.nhs.impactmonitor.alerts.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * A webhook receiver on loopback that records every request (exact body bytes, signature and idempotency
 * headers, path, arrival time) as it arrives and answers with the statuses it is told to, then 200. It can
 * also be down for a while (503 until a moment), or hold requests unanswered (deliveries in flight) until
 * released. Requests are handled on several threads: one held request must not queue the others.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Request(byte[] body, String signature, String contentType, String idempotencyKey, String path, long receivedAtNanos,
                          int status) {
        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newCachedThreadPool();
    private volatile long downUntilNanos = System.nanoTime();
    private volatile long downForNanos;
    private volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(0);

    public WebhookReceiver(Integer... firstStatuses) throws IOException {
        statuses.addAll(List.of(firstStatuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            synchronized (this) {
                if (downForNanos > 0) {
                    downUntilNanos = now + downForNanos;
                    downForNanos = 0;
                }
            }
            Integer scripted = now - downUntilNanos < 0 ? Integer.valueOf(503) : statuses.poll();
            int status = scripted == null ? 200 : scripted;
            java.util.concurrent.CountDownLatch hold = held;
            requests.add(new Request(body, exchange.getRequestHeaders().getFirst("X-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestURI().getPath(), now, status));
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // the sender gave up on a held request: it never hears this answer, which is the point
            }
            exchange.close();
        });
        server.setExecutor(handlers);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers 503 to everything for this long, counted from the next request. */
    public synchronized void downFor(Duration duration) {
        downForNanos = duration.toNanos();
    }

    /** From now on, requests are recorded but not answered until {@link #release()}: deliveries stay in flight. */
    public void hold() {
        held = new java.util.concurrent.CountDownLatch(1);
    }

    public void release() {
        held.countDown();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Waits (bounded) until {@code count} requests matching have arrived; returns them all. */
    public List<Request> await(int count, Predicate<Request> matching) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<Request> found = requests.stream().filter(matching).toList();
            if (found.size() >= count) {
                return found;
            }
            sleep(20);
        }
        throw new AssertionError("expected " + count + " matching request(s) within 30s, got: "
                + requests.stream().map(r -> new String(r.body())).toList());
    }

    public List<Request> await(int count) {
        return await(count, r -> true);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
