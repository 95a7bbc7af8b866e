package uk.nhs.impactmonitor.simulator.output;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Sends simulated events through the ingest-service's HTTP API, as practices would (api.md): a notice
 * declared is {@code POST /api/v1/notices}, corrected {@code PUT /api/v1/notices/{id}}, withdrawn
 * {@code DELETE /api/v1/notices/{id}}; a day's reports go as JSON arrays to {@code POST /api/v1/activity/batch}.
 * Request bodies carry exactly the fields of api.md.
 */
public final class IngestApiSink implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(IngestApiSink.class);
    /** Reports per batch request: a national day (~6,300 reports) goes in a few requests of ~200 kB. */
    static final int BATCH_SIZE = 1000;

    private final URI baseUrl;
    private final String token;
    private final HttpClient client;
    private final Duration timeout;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong notices = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param baseUrl the ingest-service, e.g. {@code http://localhost:8081}
     * @param token   a bearer token allowed to submit for every practice (an admin token)
     */
    public IngestApiSink(URI baseUrl, String token) {
        this(baseUrl, token, Duration.ofSeconds(30));
    }

    public IngestApiSink(URI baseUrl, String token, Duration timeout) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token;
        this.timeout = timeout;
        // HTTP/1.1 with keep-alive: no h2c upgrade attempt on every request to a plain-HTTP service
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void send(LocalDate arrivalDay, List<SimulatedEvent> events) {
        List<DailyReport> reports = new ArrayList<>();
        for (SimulatedEvent event : events) {
            if (event instanceof SimulatedEvent.Notice notice) {
                sendNotice(notice.event());
            } else {
                reports.add(((SimulatedEvent.Report) event).report());
            }
        }
        for (int from = 0; from < reports.size(); from += BATCH_SIZE) {
            sendBatch(reports.subList(from, Math.min(reports.size(), from + BATCH_SIZE)));
        }
    }

    private void sendNotice(NoticeEvent event) {
        String path = "/api/v1/notices/" + event.noticeId();
        HttpResponse<String> response = switch (event.type()) {
            case DECLARED -> exchange("POST", "/api/v1/notices", noticeBody(event));
            case CORRECTED -> exchange("PUT", path, noticeBody(event));
            case WITHDRAWN -> exchange("DELETE", path, null);
        };
        if (response.statusCode() == 404 && event.type() != NoticeEventType.DECLARED) {
            // declared by a backfill straight to Kafka, which the ingest-service may not have seen: declare it
            // as it was, then apply the change
            NoticeEvent declared = new NoticeEvent(event.schemaVersion(), NoticeEventType.DECLARED, event.noticeId(),
                    event.practiceCode(), event.action(), event.effectiveFrom(), null, event.submittedBy(), event.note(),
                    event.occurredAt());
            expectSuccess(exchange("POST", "/api/v1/notices", noticeBody(declared)), "declare notice " + event.noticeId());
            response = event.type() == NoticeEventType.CORRECTED
                    ? exchange("PUT", path, noticeBody(event))
                    : exchange("DELETE", path, null);
        }
        if (response.statusCode() == 409 && event.type() == NoticeEventType.WITHDRAWN) {
            // withdrawn already: a day sent again after a partial failure; the outcome is the one we wanted
            notices.incrementAndGet();
            return;
        }
        if (refusedForGood(response, event.type().name().toLowerCase() + " notice " + event.noticeId())) {
            return;
        }
        expectSuccess(response, event.type().name().toLowerCase() + " notice " + event.noticeId());
        notices.incrementAndGet();
    }

    private void sendBatch(List<DailyReport> reports) {
        List<Map<String, Object>> body = new ArrayList<>(reports.size());
        reports.forEach(report -> body.add(reportBody(report)));
        HttpResponse<String> response = exchange("POST", "/api/v1/activity/batch", body);
        if (refusedForGood(response, "activity batch of " + reports.size() + " reports")) {
            rejected.addAndGet(reports.size());
            return;
        }
        expectSuccess(response, "activity batch of " + reports.size() + " reports");
        try {
            JsonNode answer = Json.MAPPER.readTree(response.body());
            accepted.addAndGet(answer.path("accepted").asLong(0));
            JsonNode refused = answer.path("rejected");
            if (refused.isArray() && !refused.isEmpty()) {
                rejected.addAndGet(refused.size());
                log.warn("ingest-service rejected {} of {} simulated reports, e.g. {}", refused.size(), reports.size(),
                        refused.get(0));
            }
        } catch (RuntimeException e) {
            // the batch went in (2xx); an answer we cannot read only costs us the counts
            log.debug("unreadable batch answer: {}", response.body());
        }
    }

    static Map<String, Object> noticeBody(NoticeEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("noticeId", event.noticeId());
        body.put("practiceCode", event.practiceCode());
        body.put("action", event.action().name());
        body.put("effectiveFrom", event.effectiveFrom().toString());
        if (event.effectiveTo() != null) {
            body.put("effectiveTo", event.effectiveTo().toString());
        }
        body.put("submittedBy", event.submittedBy());
        if (event.note() != null) {
            body.put("note", event.note());
        }
        return body;
    }

    static Map<String, Object> reportBody(DailyReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("practiceCode", report.practiceCode());
        body.put("day", report.day().toString());
        body.put("clinicianSessions", report.clinicianSessions());
        body.put("patientContacts", report.patientContacts());
        body.put("cappedSessions", report.cappedSessions());
        body.put("urgentCareDiversions", report.urgentCareDiversions());
        body.put("agRequests", report.agRequests());
        body.put("referrals", report.referrals());
        body.put("onlineRequests", report.onlineRequests());
        return body;
    }

    private HttpResponse<String> exchange(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SinkException(method + " " + baseUrl + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException(method + " " + baseUrl + path + " interrupted", e);
        }
    }

    /**
     * Whether the service refused the request in a way sending it again cannot fix (400, 409, 422, ...): then it
     * is logged and counted and the day carries on, because a day that is retried for ever would stop the demo.
     * Not up yet (5xx), a wrong token (401, 403), a timeout or throttling (408, 429) are worth retrying.
     */
    private boolean refusedForGood(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        boolean retryable = status / 100 != 4 || status == 401 || status == 403 || status == 408 || status == 429;
        if (retryable) {
            return false;
        }
        refused.incrementAndGet();
        log.warn("ingest-service refused {} ({}): {}", what, status, excerpt(response.body()));
        return true;
    }

    private static String excerpt(String body) {
        String text = body == null ? "" : body;
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    private static void expectSuccess(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new SinkException(what + ": ingest-service answered " + response.statusCode() + " " + excerpt(response.body()));
        }
    }

    /** Reports the ingest-service said it accepted. */
    public long accepted() {
        return accepted.get();
    }

    /** Reports the ingest-service named as rejected (a simulator bug, or a directory mismatch). */
    public long rejected() {
        return rejected.get();
    }

    /** Requests the service refused for good (see {@link #refusedForGood}); they were logged and skipped. */
    public long refused() {
        return refused.get();
    }

    /** Notice events delivered. */
    public long notices() {
        return notices.get();
    }

    @Override
    public void flush() {
        // every request is synchronous
    }

    @Override
    public void close() {
        // HttpClient.close() is Java 21+; on 17 its threads end when it is unreachable
    }
}
