package uk.nhs.impactmonitor.ingest.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;

/** Servlet-level pieces of the ingest API. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** After Spring Security (order -100): an anonymous caller hears 401 before anyone reads its body. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(IngestProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(properties));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(0);
        return registration;
    }
}
