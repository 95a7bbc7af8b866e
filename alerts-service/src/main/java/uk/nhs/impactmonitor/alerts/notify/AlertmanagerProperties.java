package uk.nhs.impactmonitor.alerts.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code monitor.alerts.alertmanager.*}: optional forwarding to a real Prometheus Alertmanager.
 *
 * @param url            base URL of an Alertmanager to forward every firing and resolved alert to, e.g.
 *                       {@code http://127.0.0.1:9093}; default none: no forwarding
 * @param resendInterval how often a firing alert is posted again so Alertmanager does not time it out; default 1m
 *                       (each post says it ends after four of these)
 */
public record AlertmanagerProperties(String url, @DefaultValue("1m") Duration resendInterval) {

    public AlertmanagerProperties {
        // a trailing slash would double the one of /api/v2/alerts; blank is how an environment variable says "none"
        url = url == null || url.isBlank() ? null : url.replaceAll("/+$", "");
    }

    public boolean enabled() {
        return url != null;
    }
}
