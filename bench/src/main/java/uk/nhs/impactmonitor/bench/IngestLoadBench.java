package uk.nhs.impactmonitor.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.Practice;

/**
 * Section 5: ingest over HTTP. Single reports: {@code POST /api/v1/activity} with {@code connections} requests in flight
 * at once (JDK HttpClient, asynchronous, HTTP/1.1 keep-alive: one connection per request in flight), after a warm-up of
 * a fifth as many; each request timed from send to answer. Then one national day as CSV to
 * {@code POST /api/v1/activity/batch}, a warm-up and five timed.
 */
final class IngestLoadBench {

    static final int BATCH_ROUNDS = 5;

    private IngestLoadBench() {
    }

    /**
     * @param requests   timed requests
     * @param accepted   of them answered 202
     * @param seconds    wall time of the timed requests
     * @param latencyMs  per-request latency
     */
    record Single(int requests, int connections, int accepted, double seconds, Stats latencyMs) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** One national day as CSV: rows, accepted per round, and each round's time. */
    record Batch(int rows, List<Long> accepted, Stats seconds) {
    }

    static Single single(String ingestUrl, List<Practice> practices, LocalDate day, int requests, int connections) throws Exception {
        fire(ingestUrl, practices, day, Math.max(connections, requests / 5), connections, 1, null);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        int accepted = fire(ingestUrl, practices, day, requests, connections, 2, latencies);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Single(requests, connections, accepted, seconds, Stats.of(latencies));
    }

    private static int fire(String ingestUrl, List<Practice> practices, LocalDate day, int requests, int connections, long seed,
                            List<Double> latencies) throws InterruptedException {
        Semaphore inFlight = new Semaphore(connections);
        AtomicInteger accepted = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(seed);
        URI uri = URI.create(ingestUrl + "/api/v1/activity");
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Practice practice = practices.get(random.nextInt(practices.size()));
            int sessions = 5 + random.nextInt(10);
            String body = "{\"practiceCode\":\"" + practice.code() + "\",\"day\":\"" + day + "\",\"clinicianSessions\":" + sessions
                    + ",\"patientContacts\":" + sessions * 22 + ",\"cappedSessions\":" + random.nextInt(sessions + 1)
                    + ",\"urgentCareDiversions\":" + random.nextInt(8) + ",\"agRequests\":" + random.nextInt(12) + ",\"referrals\":"
                    + random.nextInt(10) + ",\"onlineRequests\":" + random.nextInt(30) + "}";
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ServiceStack.ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.acquire();
            long sent = System.nanoTime();
            all.add(Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (latencies != null) {
                    latencies.add((System.nanoTime() - sent) / 1e6);
                }
                if (failure == null && response.statusCode() == 202) {
                    accepted.incrementAndGet();
                }
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return accepted.get();
    }

    /** {@code reports}: one national day, one report per practice; sent as api.md's CSV. */
    static Batch batch(String ingestUrl, List<DailyReport> reports) {
        StringBuilder csv = new StringBuilder("practiceCode,day");
        for (Metric metric : Metric.REPORT_METRICS) {
            csv.append(',').append(metric.field());
        }
        csv.append('\n');
        for (DailyReport report : reports) {
            csv.append(report.practiceCode()).append(',').append(report.day());
            for (Metric metric : Metric.REPORT_METRICS) {
                csv.append(',').append(report.count(metric));
            }
            csv.append('\n');
        }
        String body = csv.toString();
        List<Long> accepted = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        for (int round = 0; round <= BATCH_ROUNDS; round++) {
            long started = System.nanoTime();
            HttpResponse<String> answer = Http.send("POST", ingestUrl + "/api/v1/activity/batch", ServiceStack.ADMIN, "text/csv", body);
            double took = (System.nanoTime() - started) / 1e9;
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("batch refused: " + answer.statusCode() + " " + answer.body());
            }
            if (round > 0) {
                seconds.add(took);
                accepted.add(uk.nhs.impactmonitor.domain.topic.Json.MAPPER.readTree(answer.body()).path("accepted").asLong());
            }
        }
        return new Batch(reports.size(), accepted, Stats.of(seconds));
    }
}
