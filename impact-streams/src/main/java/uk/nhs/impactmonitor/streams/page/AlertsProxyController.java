package uk.nhs.impactmonitor.streams.page;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import uk.nhs.impactmonitor.web.problem.Problems;

/**
 * {@code GET /api/v1/alerts} and {@code GET /api/v1/rules} of alerts-service, read through impact-streams so the
 * planners' page needs no CORS. The caller's own credential is forwarded, so alerts-service applies its access
 * rules exactly as for a direct call; its answer (alerts, or its 400/403 problem) is passed back unchanged. When
 * alerts-service does not answer, the page gets a 502 problem saying so rather than an empty list that would read
 * as "nothing firing". Only authenticated calls get here (everything under /api/ needs a credential), so an
 * anonymous caller never reaches alerts-service through this door.
 */
@RestController
@RequestMapping("/api/v1")
class AlertsProxyController {

    private final AlertsLink link;
    private final HttpClient http;

    AlertsProxyController(AlertsLink link) {
        this.link = link;
        this.http = HttpClient.newBuilder().connectTimeout(link.timeout()).build();
    }

    @GetMapping("/alerts")
    ResponseEntity<?> alerts(@RequestParam(required = false) String state, @RequestParam(required = false) String area,
                             @RequestParam(required = false) String within, @RequestParam(required = false) String severity,
                             @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(link.baseUrl()).path("/api/v1/alerts");
        addIfPresent(uri, "state", state);
        addIfPresent(uri, "area", area);
        // the alerts of the area and the areas inside it: alerts-service decides what "inside" is
        addIfPresent(uri, "within", within);
        addIfPresent(uri, "severity", severity);
        return forward(uri.encode().build().toUri(), authorization);
    }

    @GetMapping("/rules")
    ResponseEntity<?> rules(@RequestParam(required = false) String area, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUri(link.baseUrl()).path("/api/v1/rules");
        // the rules that watch the area's series: alerts-service's RuleBook decides
        addIfPresent(uri, "area", area);
        return forward(uri.encode().build().toUri(), authorization);
    }

    private static void addIfPresent(UriComponentsBuilder uri, String name, String value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    private ResponseEntity<?> forward(URI target, String authorization) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(link.timeout())
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .header(HttpHeaders.ACCEPT, "application/json, application/problem+json")
                .GET().build();
        try {
            HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            MediaType type = answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).map(MediaType::parseMediaType)
                    .orElse(MediaType.APPLICATION_JSON);
            return ResponseEntity.status(answer.statusCode()).contentType(type).body(answer.body());
        } catch (IOException e) {
            return unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable("interrupted");
        }
    }

    private ResponseEntity<ProblemDetail> unreachable(String why) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.BAD_GATEWAY, "Alerts service unreachable",
                        "alerts-service at " + link.baseUrl() + " did not answer (" + why + "); alert status is unknown, indicators are unaffected"));
    }
}
