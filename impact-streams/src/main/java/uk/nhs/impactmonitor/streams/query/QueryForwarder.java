package uk.nhs.impactmonitor.streams.query;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Sends a query on to the instance that holds the indicator store, as the caller sent it (same path, query,
 * credential and Accept), and hands its answer back unchanged.
 */
public final class QueryForwarder {

    /** Marks a forwarded request, so the instance receiving it answers rather than forwards again. */
    public static final String FORWARDED_HEADER = "X-Impact-Forwarded";

    private final RestClient client;

    public QueryForwarder(Duration timeout) {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(timeout);
        factory.setReadTimeout(timeout);
        this.client = RestClient.builder().requestFactory(factory).build();
    }

    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request) {
        String query = request.getQueryString();
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + request.getRequestURI() + (query == null ? "" : "?" + query));
        return client.get().uri(uri)
                .headers(headers -> {
                    copy(request, headers, HttpHeaders.AUTHORIZATION);
                    copy(request, headers, HttpHeaders.ACCEPT);
                    headers.set(FORWARDED_HEADER, "true");
                })
                .exchange((clientRequest, response) -> {
                    HttpHeaders headers = new HttpHeaders();
                    if (response.getHeaders().getContentType() != null) {
                        headers.setContentType(response.getHeaders().getContentType());
                    }
                    return ResponseEntity.status(response.getStatusCode()).headers(headers).body(response.getBody().readAllBytes());
                });
    }

    private static void copy(HttpServletRequest request, HttpHeaders headers, String name) {
        String value = request.getHeader(name);
        if (value != null) {
            headers.set(name, value);
        }
    }
}
