package uk.nhs.impactmonitor.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Section 4: a notice POSTed to ingest-service → the indicator visible in impact-streams' API, and → the signed webhook
 * received, timed from just before the request. Each cycle declares an action for one practice of an ICB on the
 * latest day with data (participating_practices c → c+1, the benchmark rule fires) and then withdraws it (back to c, the rule
 * resolves): two samples. The action and ICB are those of a {@link Plan}. The API is polled every 5 ms; the webhook arrives at a loopback receiver in this JVM.
 */
final class NoticeLatencyBench {

    private static final String SECRET = "bench-webhook-secret";
    private static final int WARM_UP = 4;
    private static final long SAMPLE_TIMEOUT_NANOS = 30_000_000_000L;

    private NoticeLatencyBench() {
    }

    /**
     * @param toApi        notice POST → value visible in the API, ms
     * @param toWebhook    notice POST → webhook received, ms
     * @param signed       deliveries whose X-Signature was the HMAC of their body
     * @param deliveries   deliveries received in all
     * @param samples      every counted sample, in order
     */
    record Result(Stats toApi, Stats toWebhook, int signed, int deliveries, Plan plan, List<Sample> samples) {

        /** The samples that took over {@code ms} to reach the API. */
        List<Sample> slowerThan(double ms) {
            return samples.stream().filter(sample -> sample.toApiMs() > ms).toList();
        }
    }

    /**
     * One sample: when it was sent (wall clock, to match the services' logs), whether it declared or withdrew, how long
     * ingest-service took to answer 202 (the notice durable in Kafka), and the two latencies.
     */
    record Sample(int index, Instant sentAt, boolean declare, double answeredMs, double toApiMs, double toWebhookMs) {

        static final String CSV_HEADER = "index,sent_at,kind,answered_ms,to_api_ms,to_webhook_ms";

        String csv() {
            return String.format(java.util.Locale.ROOT, "%d,%s,%s,%.1f,%.1f,%.1f", index, sentAt, declare ? "declare" : "withdraw",
                    answeredMs, toApiMs, toWebhookMs);
        }
    }

    /**
     * Where the samples go: the ICB of the directory's first practice, the action fewest of its practices have in force on
     * the latest day ({@code participating} of them, from the notices of the data), and the practices that have not.
     */
    record Plan(String icb, CollectiveAction action, int participating, List<String> practices, LocalDate day) {

        static Plan of(PracticeDirectory directory, Map<String, NoticeEvent> notices, LocalDate day) {
            String icb = directory.practices().iterator().next().icbCode();
            Plan best = null;
            for (CollectiveAction action : CollectiveAction.values()) {
                Set<String> inForce = new HashSet<>();
                for (NoticeEvent notice : notices.values()) {
                    if (notice.action() == action && notice.inForceOn(day) && directory.isPracticeIn(notice.practiceCode(), icb)) {
                        inForce.add(notice.practiceCode());
                    }
                }
                List<String> free = directory.practicesIn(icb).stream().map(Practice::code).filter(code -> !inForce.contains(code)).toList();
                if (best == null || inForce.size() < best.participating()) {
                    best = new Plan(icb, action, inForce.size(), free, day);
                }
            }
            return best;
        }
    }

    record Delivery(long receivedAt, String signature, byte[] body) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    static Result run(ServiceStack stack, Plan plan, int samples) throws Exception {
        String icb = plan.icb();
        LocalDate day = plan.day();
        List<String> practices = plan.practices();
        List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newSingleThreadExecutor());
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            deliveries.add(new Delivery(System.nanoTime(), exchange.getRequestHeaders().getFirst("X-Signature"), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> subscribed = Http.send("POST", stack.url("alerts-service") + "/api/v1/subscriptions", ServiceStack.ADMIN,
                    "application/json", "{\"area\":\"" + icb + "\",\"webhook\":{\"url\":\"" + hook + "\",\"secret\":\"" + SECRET + "\"}}");
            if (subscribed.statusCode() != 201) {
                throw new IllegalStateException("subscription refused: " + subscribed.statusCode() + " " + subscribed.body());
            }
            List<Sample> samplesTaken = new ArrayList<>();
            for (int i = 0; i < samples + WARM_UP; i++) {
                boolean declare = i % 2 == 0;
                String noticeId = "bench-latency-" + (i / 2);
                String practice = practices.get((i / 2) % practices.size());
                int seen = deliveries.size();
                Instant sentAt = Instant.now();
                long sent = System.nanoTime();
                HttpResponse<String> answer = declare
                        ? Http.send("POST", stack.url("ingest-service") + "/api/v1/notices", ServiceStack.ADMIN, "application/json",
                        "{\"noticeId\":\"" + noticeId + "\",\"practiceCode\":\"" + practice + "\",\"action\":\"" + plan.action()
                                + "\",\"effectiveFrom\":\"" + day + "\",\"submittedBy\":\"benchmark\"}")
                        : Http.send("DELETE", stack.url("ingest-service") + "/api/v1/notices/" + noticeId, ServiceStack.ADMIN, null, null);
                long answered = System.nanoTime();
                if (answer.statusCode() != 202) {
                    throw new IllegalStateException("notice " + noticeId + " refused: " + answer.statusCode() + " " + answer.body());
                }
                double expected = plan.participating() + (declare ? 1.0 : 0.0);
                String url = stack.url("impact-streams") + "/api/v1/areas/" + icb + "/indicators/participating_practices?from=" + day
                        + "&to=" + day + "&action=" + plan.action();
                while (participating(url, plan.action()) != expected) {
                    await(sent, "notice " + noticeId + " visible in the API (last answer: " + lastAnswer + ")");
                    Thread.sleep(5);
                }
                long visible = System.nanoTime();
                Delivery delivery;
                while ((delivery = find(deliveries, seen, icb, declare ? "firing" : "resolved")) == null) {
                    await(sent, "webhook for notice " + noticeId);
                    Thread.sleep(2);
                }
                if (i >= WARM_UP) {
                    Sample sample = new Sample(i - WARM_UP, sentAt, declare, (answered - sent) / 1e6, (visible - sent) / 1e6,
                            (delivery.receivedAt() - sent) / 1e6);
                    samplesTaken.add(sample);
                    if (sample.toApiMs() > 1000) {
                        // as it happens, to line up with the services' logs while the run goes on
                        System.out.println("[bench] slow sample " + sample.csv());
                    }
                }
            }
            int signed = 0;
            for (Delivery delivery : deliveries) {
                signed += sign(delivery.body()).equals(delivery.signature()) ? 1 : 0;
            }
            return new Result(Stats.of(samplesTaken.stream().map(Sample::toApiMs).toList()),
                    Stats.of(samplesTaken.stream().map(Sample::toWebhookMs).toList()), signed, deliveries.size(), plan, samplesTaken);
        } finally {
            receiver.stop(0);
        }
    }

    private static void await(long sent, String what) {
        if (System.nanoTime() - sent > SAMPLE_TIMEOUT_NANOS) {
            throw new IllegalStateException(what + ": nothing after 30 s");
        }
    }

    private static volatile String lastAnswer = "";

    private static double participating(String url, CollectiveAction action) {
        HttpResponse<String> response = Http.get(url, ServiceStack.ADMIN);
        lastAnswer = response.statusCode() + " " + (response.body().length() > 600 ? response.body().substring(0, 600) : response.body());
        if (response.statusCode() != 200) {
            return -1;
        }
        for (JsonNode value : Json.MAPPER.readTree(response.body())) {
            if (value.path("action").asString("").equals(action.name()) && !value.path("value").isNull()) {
                return value.path("value").asDouble();
            }
        }
        return -1;
    }

    /** The first delivery from {@code from} on that tells of the benchmark rule's alert for the ICB with that status. */
    private static Delivery find(List<Delivery> deliveries, int from, String icb, String status) {
        for (int i = from; i < deliveries.size(); i++) {
            Delivery delivery = deliveries.get(i);
            for (JsonNode alert : delivery.json().path("alerts")) {
                JsonNode labels = alert.path("labels");
                if (labels.path("alertname").asString("").equals(ServiceStack.RULE) && labels.path("area").asString("").equals(icb)
                        && alert.path("status").asString("").equals(status)) {
                    return delivery;
                }
            }
        }
        return null;
    }

    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
