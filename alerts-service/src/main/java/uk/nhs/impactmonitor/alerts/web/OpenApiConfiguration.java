package uk.nhs.impactmonitor.alerts.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), with the bearer credential. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI alertsOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Impact monitor: alerts-service").version("v1")
                        .description("Alerts on the impact indicators: read them, acknowledge them (\"we have it\"), silence them (\"not now\"), "
                                + "see the rules in force, and say who hears about which area (signed Alertmanager v4 webhooks, e-mail). "
                                + "Every error is application/problem+json naming the fields at fault."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An ICB, region or admin credential")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
