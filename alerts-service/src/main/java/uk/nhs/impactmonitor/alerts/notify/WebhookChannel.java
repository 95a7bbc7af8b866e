package uk.nhs.impactmonitor.alerts.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Signed JSON POST of the Alertmanager v4 message to the subscription's URL, after checking the URL against the
 * {@link WebhookUrlPolicy} once more: the host's DNS answer may have changed since the subscription was made.
 */
public class WebhookChannel implements Channel {

    private final HttpClient client;
    private final DeliveryProperties delivery;
    private final WebhookUrlPolicy policy;

    public WebhookChannel(DeliveryProperties delivery, WebhookUrlPolicy policy) {
        this.delivery = delivery;
        this.policy = policy;
        this.client = HttpClient.newBuilder().connectTimeout(delivery.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return Receiver.WEBHOOK;
    }

    @Override
    public void deliver(Receiver receiver, WebhookMessage message) throws DeliveryException {
        var webhook = receiver.subscription().webhook();
        var refused = policy.refusal(webhook.url());
        if (refused.isPresent()) {
            // not retried: the next pipeline run checks (and resolves) again
            throw new DeliveryException("webhook URL " + webhook.url() + " refused: " + refused.get(), false);
        }
        byte[] body = Json.MAPPER.writeValueAsBytes(message);
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(delivery.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "impact-monitor-alerts/1")
                .header(Signature.HEADER, Signature.of(body, webhook.secret()))
                .header(DedupKey.HEADER, DedupKey.ofMessage(message))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        post(client, request, webhook.url());
    }

    static void post(HttpClient client, HttpRequest request, String url) throws DeliveryException {
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // timeouts (HttpTimeoutException) and refused or reset connections: the receiver may come back
            throw new DeliveryException("POST " + url + " failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted posting to " + url, false, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        Duration retryAfter = status == 429 || status == 503 ? retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
        throw new DeliveryException("POST " + url + " answered " + status + (retryAfter == null ? "" : ", retry after " + retryAfter),
                status >= 500 || status == 429, null, retryAfter);
    }

    /** {@code Retry-After} in seconds (RFC 9110 also allows an HTTP date, which receivers of webhooks hardly send: ignored). */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
