package uk.nhs.impactmonitor.alerts.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.dispatch.Dispatcher;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * One real KRaft broker and one alerts-service, shared (Spring caches the context) by every integration test
 * class that extends this: group wait ~0 and a fast tick so a webhook arrives within a second; a clock the
 * test moves forward for repeats, escalation and silence expiry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=alerts-service",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "monitor.security.dev-credentials=true",
        // an ICB and a region other than the development ones (QKK in London): the access matrix needs both sides
        "monitor.security.credentials[0].name=QHM planners",
        "monitor.security.credentials[0].role=ICB",
        "monitor.security.credentials[0].scope=QHM",
        "monitor.security.credentials[0].token-sha256=d671d316af1eacf74064908730c587de3f6022b68bec99028290284f96234601",
        "monitor.security.credentials[1].name=North East and Yorkshire on-call",
        "monitor.security.credentials[1].role=REGION",
        "monitor.security.credentials[1].scope=Y63",
        "monitor.security.credentials[1].token-sha256=57edba0b72e60d1dc5488b5b4974100f78367bf02a34c209e344b5176efc85e5",
        "monitor.alerts.group-wait=0s",
        "monitor.alerts.tick-interval=50ms",
        "monitor.alerts.audit.expiry-check-interval=50ms",
        "monitor.alerts.repeat-interval=1h",
        "monitor.alerts.escalate-after=30m",
        "monitor.alerts.delivery.initial-backoff=50ms",
        "monitor.alerts.delivery.max-backoff=200ms",
        "monitor.alerts.delivery.max-attempts=4",
        // webhook secrets and Teams URLs encrypted on alerts-subscriptions, as in a deployment
        "monitor.alerts.webhooks.secret-key=c2hhcmVkLWludGVncmF0aW9uLXRlc3Qta2V5LTAxMjM="})
@EmbeddedKafka(partitions = 1, topics = "impact-indicators")
@Import(AlertsServiceIntegrationSupport.TestClock.class)
public abstract class AlertsServiceIntegrationSupport {

    public static final String ADMIN = "dev-admin";
    public static final String REGION_Y56 = "dev-region-Y56";
    public static final String ICB_QKK = "dev-icb-QKK";
    /** Tokens of the configured credentials above (their SHA-256 is what the service holds). */
    public static final String ICB_QHM = "test-icb-QHM";
    public static final String REGION_Y63 = "test-region-Y63";

    /** An in-process SMTP server on loopback for the e-mail subscriptions, shared like the context. */
    protected static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @Autowired
    protected EmbeddedKafkaBroker broker;
    @Autowired
    protected PracticeDirectory directory;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected AlertEngine engine;
    @Autowired
    protected Dispatcher dispatcher;
    @LocalServerPort
    protected int port;

    protected AlertsApi api;
    protected Indicators indicators;

    @BeforeEach
    void connect() {
        api = new AlertsApi(port);
        indicators = new Indicators(broker.getBrokersAsString());
    }

    private final List<String> subscriptions = new java.util.ArrayList<>();

    /** Each test's receivers close with it: their subscriptions go too, so no later test sees failed deliveries to them. */
    @AfterEach
    void disconnect() {
        indicators.close();
        subscriptions.forEach(id -> api.delete("/api/v1/subscriptions/" + id, ADMIN));
    }

    /** The regions, each test taking its own so that their subscriptions do not hear each other's alerts. */
    protected List<String> regions() {
        return directory.areas().stream().filter(a -> a.kind() == AreaKind.REGION).map(Area::code).sorted().toList();
    }

    protected String firstIcbOf(String region) {
        return directory.areas().stream().filter(a -> a.kind() == AreaKind.ICB && region.equals(a.parent())).map(Area::code)
                .sorted().findFirst().orElseThrow();
    }

    protected String subscribe(String token, String area, String url, String secret, boolean escalation) {
        AlertsApi.Response response = api.post("/api/v1/subscriptions", token,
                Map.of("area", area, "webhook", Map.of("url", url, "secret", secret), "escalation", escalation));
        if (response.status() != 201) {
            throw new AssertionError("subscribe answered " + response.status() + ": " + response.body());
        }
        String id = response.json().get("subscriptionId").asString();
        subscriptions.add(id);
        return id;
    }

    /** Waits (bounded) until the service shows an alert matching. */
    protected JsonNode awaitAlert(Predicate<JsonNode> matching) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode alert : api.get("/api/v1/alerts", ADMIN).json()) {
                if (matching.test(alert)) {
                    return alert;
                }
            }
            WebhookReceiver.sleep(20);
        }
        throw new AssertionError("no matching alert within 30s: " + api.get("/api/v1/alerts", ADMIN).body());
    }

    /** Waits until the dispatcher has completed {@code n} more ticks: it has looked at everything known now. */
    protected void awaitTicks(int n) {
        long target = dispatcher.ticks() + n;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (dispatcher.ticks() < target && Instant.now().isBefore(deadline)) {
            WebhookReceiver.sleep(10);
        }
    }
}
