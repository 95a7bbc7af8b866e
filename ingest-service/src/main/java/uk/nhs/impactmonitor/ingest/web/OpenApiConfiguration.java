package uk.nhs.impactmonitor.ingest.web;

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
    OpenAPI ingestOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Impact monitor: ingest-service").version("v1")
                        .description("Practices (or their LMC or ICB on their behalf) notify the collective actions they take and report "
                                + "their daily activity; ICBs and NHS England send the published GP appointments file. Every error is "
                                + "application/problem+json naming the fields at fault; 202 means the record is stored in Kafka; 503 with "
                                + "Retry-After means nothing was stored (for an appointments file, its detail says if some of it was: "
                                + "sending the file again is safe)."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A practice, ICB, region or admin credential")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
