package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.support.AlertsSettings;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;

/** One webhook attempt against a real HTTP server on loopback: what counts as delivered, retryable or refused. */
class WebhookChannelTest {

    private static final WebhookMessage MESSAGE = new WebhookMessage("4", "{}:{receiver=\"sub-1/webhook\"}", 0, "firing", "sub-1/webhook",
            Map.of("area", "Y56"), Map.of(), Map.of(), "http://localhost:8083", List.of());
    private static final DeliveryProperties DELIVERY =
            AlertsSettings.bind(Map.of("delivery.connect-timeout", "1s", "delivery.request-timeout", "300ms")).delivery();
    private static final WebhookChannel CHANNEL = new WebhookChannel(DELIVERY,
            new WebhookUrlPolicy(AlertsSettings.defaults().webhooks(), true));

    private static Receiver receiver(String url) {
        return Receiver.webhook(new Subscription(Subscription.SCHEMA_VERSION, "sub-1", "Y56", new Subscription.Webhook(url, "secret-123"),
                null, false, "admin", Instant.EPOCH));
    }

    @Test
    void shouldPostSignedJsonWhenReceiverAccepts() throws Exception {
        // given
        try (WebhookReceiver server = new WebhookReceiver()) {
            // when
            CHANNEL.deliver(receiver(server.url()), MESSAGE);

            // then
            WebhookReceiver.Request request = server.requests().get(0);
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(Signature.verify(request.body(), "secret-123", request.signature())).isTrue();
            assertThat(request.json().get("version").asString()).isEqualTo("4");
        }
    }

    @Test
    void shouldCallServerErrorsAndTooManyRequestsRetryableAndOtherClientErrorsRefusals() throws Exception {
        // given
        try (WebhookReceiver server = new WebhookReceiver(503, 429, 404, 400)) {
            // when / then
            assertThatThrownBy(() -> CHANNEL.deliver(receiver(server.url()), MESSAGE)).isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("answered 503").satisfies(e -> assertThat(((DeliveryException) e).retryable()).isTrue());
            assertThatThrownBy(() -> CHANNEL.deliver(receiver(server.url()), MESSAGE))
                    .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isTrue());
            assertThatThrownBy(() -> CHANNEL.deliver(receiver(server.url()), MESSAGE))
                    .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
            assertThatThrownBy(() -> CHANNEL.deliver(receiver(server.url()), MESSAGE))
                    .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
        }
    }

    @Test
    void shouldCallTimeoutRetryableWhenReceiverIsSlowerThanRequestTimeout() throws Exception {
        // given: a receiver that takes 2 s; the request timeout is 300 ms
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slow.start();
        try {
            // when / then
            assertThatThrownBy(() -> CHANNEL.deliver(receiver("http://127.0.0.1:" + slow.getAddress().getPort() + "/hook"), MESSAGE))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("HttpTimeoutException")
                    .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isTrue());
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void shouldCallRefusedConnectionRetryable() {
        // given: nothing listens on the discard port of loopback
        // when / then
        assertThatThrownBy(() -> CHANNEL.deliver(receiver("http://127.0.0.1:9/hook"), MESSAGE))
                .isInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).retryable()).isTrue());
    }

    @Test
    void shouldRefuseWithoutPostingWhenHostResolvesToMetadataAddressAtDeliveryTime() throws Exception {
        // given: "localhost" resolved to loopback when the subscription was made, and now to the metadata service
        AtomicReference<String> dns = new AtomicReference<>("127.0.0.1");
        WebhookChannel channel = new WebhookChannel(DELIVERY, new WebhookUrlPolicy(AlertsSettings.defaults().webhooks(), true,
                host -> new InetAddress[] {InetAddress.getByName(dns.get())}));
        try (WebhookReceiver server = new WebhookReceiver()) {
            String url = "http://localhost:" + URI.create(server.url()).getPort() + "/hook";
            channel.deliver(receiver(url), MESSAGE);

            // when
            dns.set("169.254.169.254");

            // then: refused, not retried, and nothing reached the receiver
            assertThatThrownBy(() -> channel.deliver(receiver(url), MESSAGE)).isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("169.254.169.254").satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void shouldRefuseLoopbackAtDeliveryTimeWhenLoopbackIsNotAllowed() throws Exception {
        // given
        WebhookChannel channel = new WebhookChannel(DELIVERY, new WebhookUrlPolicy(AlertsSettings.bind(Map.of("webhooks.allow-loopback", "false")).webhooks(), false));
        try (WebhookReceiver server = new WebhookReceiver()) {
            // when / then
            assertThatThrownBy(() -> channel.deliver(receiver(server.url()), MESSAGE)).isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("loopback").satisfies(e -> assertThat(((DeliveryException) e).retryable()).isFalse());
            assertThat(server.requests()).isEmpty();
        }
    }
}
