package uk.nhs.impactmonitor.alerts;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * alerts-service: turns impact indicators into alerts that regional teams hear once and reliably, and can
 * acknowledge, silence and escalate. Runs alone or as one of the local stack's contexts, so its configuration
 * file is {@code alerts-service.yml}, never {@code application.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AlertsServiceApplication {

    public static final String CONFIG_NAME = "alerts-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AlertsServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
