package uk.nhs.impactmonitor.alerts.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A notification in Prometheus Alertmanager's webhook format, version 4, so that anything that already
 * receives Alertmanager (chat bridges, paging tools) receives this service unchanged.
 */
@JsonPropertyOrder({"version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
        "commonAnnotations", "externalURL", "alerts"})
public record WebhookMessage(
        String version,
        String groupKey,
        int truncatedAlerts,
        String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        @JsonProperty("externalURL") String externalURL,
        List<WebhookAlert> alerts) {

    public static final String VERSION = "4";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    /** Alertmanager's "not ended" time for a firing alert. */
    public static final Instant NOT_ENDED = Instant.parse("0001-01-01T00:00:00Z");

    /** One alert of the message; {@code fingerprint} is the stable alert id. */
    @JsonPropertyOrder({"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"})
    public record WebhookAlert(
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            @JsonProperty("generatorURL") String generatorURL,
            String fingerprint) {
    }
}
