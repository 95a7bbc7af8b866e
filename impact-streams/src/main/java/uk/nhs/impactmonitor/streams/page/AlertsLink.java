package uk.nhs.impactmonitor.streams.page;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the planners' page's alert reads are forwarded: the page is served by impact-streams, and a browser would
 * need CORS to ask alerts-service itself. Under {@code monitor.alerts-link.*}: a link to alerts-service, not its own
 * settings (those are {@code monitor.alerts.*}).
 *
 * @param baseUrl alerts-service's base URL; default {@code http://localhost:8083} (the local stack passes the
 *                port it started alerts-service on)
 * @param timeout how long one forwarded read may take before the page is told alerts-service did not answer;
 *                default 5s
 */
@ConfigurationProperties("monitor.alerts-link")
public record AlertsLink(@DefaultValue("http://localhost:8083") URI baseUrl, @DefaultValue("5s") Duration timeout) {

    public AlertsLink {
        if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("monitor.alerts-link.base-url: must be an absolute http(s) URL");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("monitor.alerts-link.timeout: must be positive");
        }
    }
}
