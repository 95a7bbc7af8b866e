package uk.nhs.impactmonitor.web.signin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Sign-in through the organisation's identity provider, the same in every service that has a page:
 * {@code GET /api/v1/sign-in} ({@link SignInController}, from {@link SignInProperties}) and the pages' one shared
 * browser module for it, {@code /shared/oidc-sign-in.js} (from {@code classpath:/monitor-web/shared/}: served by
 * each service, so each page imports it from its own origin; a page's own static files stay its service's).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SignInProperties.class)
@Import(SignInController.class)
public class SignInConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/shared/**").addResourceLocations("classpath:/monitor-web/shared/");
    }
}
