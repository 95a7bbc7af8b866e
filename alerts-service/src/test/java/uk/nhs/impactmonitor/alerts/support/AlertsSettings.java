package uk.nhs.impactmonitor.alerts.support;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import uk.nhs.impactmonitor.alerts.config.AlertsProperties;

/**
 * {@code monitor.alerts.*} bound as Spring Boot binds it at start-up, from a few properties (names as in YAML, without
 * the prefix): a test sets what it needs and gets the documented defaults for the rest, stated once, in the records.
 */
public final class AlertsSettings {

    private AlertsSettings() {
    }

    public static AlertsProperties bind(Map<String, String> properties) {
        Map<String, String> prefixed = new java.util.LinkedHashMap<>();
        properties.forEach((name, value) -> prefixed.put("monitor.alerts." + name, value));
        return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate("monitor.alerts", AlertsProperties.class);
    }

    public static AlertsProperties defaults() {
        return bind(Map.of());
    }
}
