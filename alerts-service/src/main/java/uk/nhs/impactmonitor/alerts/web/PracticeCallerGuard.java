package uk.nhs.impactmonitor.alerts.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * A practice credential has nothing to do in alerts-service (alerts are about ICBs and regions, and its rules and
 * subscriptions are for those who plan): 403 on every API path, rather than an empty list that reads as "no alerts".
 */
@Configuration(proxyBeanMethods = false)
class PracticeCallerGuard implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        CurrentCaller.require(CurrentCaller.get().role() != Role.PRACTICE, "use alerts-service (practice credentials read their own notices "
                + "in ingest-service)");
        return true;
    }
}
