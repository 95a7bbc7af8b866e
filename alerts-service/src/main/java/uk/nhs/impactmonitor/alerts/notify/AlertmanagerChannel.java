package uk.nhs.impactmonitor.alerts.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Forwards alerts to a real Prometheus Alertmanager through its API ({@code POST /api/v2/alerts}), for teams
 * who already route everything through one. A firing alert is posted with an end four resend intervals
 * ahead, as Prometheus does, so that Alertmanager resolves it by itself if this service goes quiet.
 */
public class AlertmanagerChannel implements Channel {

    private final HttpClient client;
    private final AlertmanagerProperties alertmanager;
    private final DeliveryProperties delivery;
    private final Clock clock;

    public AlertmanagerChannel(AlertmanagerProperties alertmanager, DeliveryProperties delivery, Clock clock) {
        this.alertmanager = alertmanager;
        this.delivery = delivery;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(delivery.connectTimeout()).build();
    }

    @Override
    public String name() {
        return Receiver.ALERTMANAGER;
    }

    /** The body of {@code POST /api/v2/alerts}: Alertmanager's {@code postableAlert}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
                                String generatorURL) {
    }

    @Override
    public void deliver(Receiver receiver, WebhookMessage message) throws DeliveryException {
        Duration resend = alertmanager.resendInterval();
        Instant firingEnd = clock.instant().plus(resend.multipliedBy(4));
        List<PostableAlert> alerts = message.alerts().stream()
                .map(a -> new PostableAlert(a.labels(), a.annotations(), a.startsAt(),
                        WebhookMessage.FIRING.equals(a.status()) ? firingEnd : a.endsAt(), a.generatorURL()))
                .toList();
        String url = alertmanager.url() + "/api/v2/alerts";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(delivery.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(alerts)))
                .build();
        WebhookChannel.post(client, request, url);
    }
}
