package uk.nhs.impactmonitor.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code monitor.alerts.*} bound as at start-up: with nothing set, every documented default (README, AlertsProperties);
 * a bad value stops the start naming its property.
 */
class AlertsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AlertsProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void shouldBindDocumentedDefaultsWhenNoPropertyIsSet() {
        runner.run(context -> {
            // given / when
            AlertsProperties p = context.getBean(AlertsProperties.class);

            // then
            assertThat(p.groupWait()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.repeatInterval()).isEqualTo(Duration.ofHours(4));
            assertThat(p.escalateAfter()).isEqualTo(Duration.ofMinutes(30));
            assertThat(p.tickInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.externalUrl()).isEqualTo(URI.create("http://localhost:8083"));
            assertThat(p.pageUrl()).isEqualTo(URI.create("http://localhost:8082/"));
            assertThat(p.seriesDays()).isEqualTo(60);
            assertThat(p.rules()).isEmpty();
            assertThat(p.delivery().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(p.delivery().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.delivery().maxAttempts()).isEqualTo(5);
            assertThat(p.delivery().initialBackoff()).isEqualTo(Duration.ofMillis(500));
            assertThat(p.delivery().multiplier()).isEqualTo(2.0);
            assertThat(p.delivery().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.delivery().shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.email().from()).isEqualTo("alerts@impact-monitor.local");
            assertThat(p.alertmanager().url()).isNull();
            assertThat(p.alertmanager().enabled()).isFalse();
            assertThat(p.alertmanager().resendInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(p.webhooks().allowLoopback()).isNull();
            assertThat(p.webhooks().allowPrivateNetworks()).isFalse();
            assertThat(p.webhooks().allowedHosts()).isEmpty();
            assertThat(p.webhooks().secretKey()).isNull();
        });
    }

    @Test
    void shouldBindUnderMonitorAlertsWhenPropertiesAreSet() {
        runner.withPropertyValues("monitor.alerts.group-wait=0s", "monitor.alerts.page-url=https://monitor.example.nhs.uk/",
                "monitor.alerts.delivery.max-attempts=7", "monitor.alerts.alertmanager.url=http://127.0.0.1:9093/",
                "alerts.repeat-interval=1m").run(context -> {
            // given / when
            AlertsProperties p = context.getBean(AlertsProperties.class);

            // then: the old prefix is nobody's any more
            assertThat(p.groupWait()).isZero();
            assertThat(p.pageUrl()).isEqualTo(URI.create("https://monitor.example.nhs.uk/"));
            assertThat(p.delivery().maxAttempts()).isEqualTo(7);
            assertThat(p.alertmanager().url()).isEqualTo("http://127.0.0.1:9093");
            assertThat(p.repeatInterval()).isEqualTo(Duration.ofHours(4));
        });
    }

    @Test
    void shouldNameThePropertyWhenAValueCannotBeBound() {
        runner.withPropertyValues("monitor.alerts.group-wait=soon").run(context -> {
            // then
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("monitor.alerts.group-wait");
        });
    }

    @Test
    void shouldNameThePropertyWhenAValueBreaksItsConstraint() {
        runner.withPropertyValues("monitor.alerts.delivery.max-attempts=0").run(context -> {
            // then
            assertThat(context).hasFailed();
            // Boot names a constraint's property by its object and field: "monitor.alerts" ... "delivery.maxAttempts"
            assertThat(messages(context.getStartupFailure())).contains("monitor.alerts").contains("delivery.maxAttempts");
        });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
