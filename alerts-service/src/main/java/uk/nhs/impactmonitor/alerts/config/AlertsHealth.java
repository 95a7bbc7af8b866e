package uk.nhs.impactmonitor.alerts.config;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.lifecycle.IndicatorConsumer;

/**
 * {@code /actuator/health} component "alerts": OUT_OF_SERVICE until the state is read back and the indicator
 * replay is over (an alert judged before that could be a duplicate), DOWN if the indicator consumer has stopped.
 */
public class AlertsHealth implements HealthIndicator {

    private final AlertEngine engine;
    private final IndicatorConsumer consumer;

    public AlertsHealth(AlertEngine engine, IndicatorConsumer consumer) {
        this.engine = engine;
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        if (!consumer.isConsuming()) {
            return Health.down().withDetail("reason", "not consuming impact-indicators").build();
        }
        if (!engine.isReady()) {
            return Health.outOfService().withDetail("reason", "replaying impact-indicators").build();
        }
        return Health.up().withDetail("alerts", engine.alerts().size()).build();
    }
}
