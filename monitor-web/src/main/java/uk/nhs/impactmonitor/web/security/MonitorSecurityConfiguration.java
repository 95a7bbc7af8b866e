package uk.nhs.impactmonitor.web.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.problem.Problems;

/**
 * Bearer-token security shared by the three services: everything under {@code /api/} needs a known
 * credential (401 otherwise, as problem details); pages, API docs and health/metrics are open.
 * Which area or practice a caller may touch is decided per request by {@link MonitorPrincipal}.
 * Stateless and without cookies, so CSRF protection has nothing to protect.
 */
@AutoConfiguration(
        after = uk.nhs.impactmonitor.web.directory.DirectoryConfiguration.class,
        beforeName = {
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@EnableConfigurationProperties(MonitorSecurityProperties.class)
public class MonitorSecurityConfiguration {

    @Bean
    CredentialStore credentialStore(MonitorSecurityProperties properties, PracticeDirectory directory) {
        return new CredentialStore(properties, directory);
    }

    /** Tokens are the only way in: an empty user store keeps Boot from generating a password. */
    @Bean
    org.springframework.security.core.userdetails.UserDetailsService noUsers() {
        return username -> {
            throw new org.springframework.security.core.userdetails.UsernameNotFoundException("bearer tokens only");
        };
    }

    @Bean
    uk.nhs.impactmonitor.web.problem.ProblemHandler problemHandler() {
        return new uk.nhs.impactmonitor.web.problem.ProblemHandler();
    }

    @Bean
    SecurityFilterChain monitorSecurityFilterChain(HttpSecurity http, CredentialStore credentials) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .addFilterBefore(new BearerTokenFilter(credentials), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> Problems.write(response, HttpStatus.UNAUTHORIZED,
                                "Authentication required", "Send a known credential as 'Authorization: Bearer <token>'."))
                        .accessDeniedHandler((request, response, e) -> Problems.write(response, HttpStatus.FORBIDDEN,
                                "Forbidden", e.getMessage())));
        return http.build();
    }
}
