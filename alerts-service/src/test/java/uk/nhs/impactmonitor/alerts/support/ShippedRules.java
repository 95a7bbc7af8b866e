package uk.nhs.impactmonitor.alerts.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import uk.nhs.impactmonitor.alerts.config.AlertsProperties;
import uk.nhs.impactmonitor.alerts.rule.Rule;

/** The rules alerts-service.yml ships, bound the way Spring Boot binds them at start-up (YAML names, defaults). */
public final class ShippedRules {

    private ShippedRules() {
    }

    public static List<Rule> load() {
        try {
            List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("alerts-service.yml", new ClassPathResource("alerts-service.yml"));
            return new Binder(ConfigurationPropertySources.from(yaml)).bind("monitor.alerts", AlertsProperties.class).get().rules();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Rule named(String name) {
        return load().stream().filter(rule -> rule.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("alerts-service.yml has no rule " + name));
    }
}
