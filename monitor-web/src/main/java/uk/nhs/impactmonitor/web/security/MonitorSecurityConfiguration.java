package uk.nhs.impactmonitor.web.security;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.problem.Refusals;
import uk.nhs.impactmonitor.web.problem.Problems;

/**
 * Bearer-token security shared by the three services: everything under {@code /api/} needs a known
 * credential (401 otherwise, as problem details); pages, API docs and health/metrics are open. A credential is a
 * static token (hashed, {@link CredentialStore}) or, when Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri} is set, a JWT verified by Boot's
 * {@link JwtDecoder} (signature and algorithm from the provider's JWK set, issuer, times, and the audience of
 * {@code monitor.security.jwt.audience} added here as a validator) and mapped by {@link JwtPrincipals}.
 * Which area or practice a caller may touch is decided per request by {@link MonitorPrincipal}.
 * Stateless and without cookies, so CSRF protection has nothing to protect.
 */
@AutoConfiguration(
        after = uk.nhs.impactmonitor.web.directory.DirectoryConfiguration.class,
        beforeName = {
                // Boot's resource-server chain backs off when ours exists; its JwtDecoder (issuer-uri / jwk-set-uri) is used here
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@EnableConfigurationProperties(MonitorSecurityProperties.class)
public class MonitorSecurityConfiguration {

    /** Refuses to start outside the dev profile with development credentials or a missing, default or short admin token. */
    @Bean
    CredentialStore credentialStore(MonitorSecurityProperties properties, PracticeDirectory directory,
                                    org.springframework.core.env.Environment environment) {
        CredentialPolicy.check(environment, properties);
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
    uk.nhs.impactmonitor.web.problem.ProblemHandler problemHandler(ObjectProvider<Refusals> auditLog) {
        return new uk.nhs.impactmonitor.web.problem.ProblemHandler(() -> auditLog.getIfAvailable(() -> Refusals.NONE));
    }

    /**
     * A URL Spring Security's firewall refuses (an encoded slash, newline or NUL in the path...) is answered as
     * problem details like every other refusal, rather than by Boot's error page; the URL is not echoed back.
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, e) -> Problems.writeInvalid(response, java.util.List.of(new uk.nhs.impactmonitor.web.problem.FieldError("url",
                "refused: the path or query holds characters no endpoint accepts (encoded slashes, line breaks, NULs, '..' segments)")));
    }

    /**
     * The audience check of {@code monitor.security.jwt.audience}: Boot's JWT decoder adds every
     * {@code OAuth2TokenValidator<Jwt>} bean to its issuer and time validators. Without it, any token of the same
     * issuer would do (with Entra ID: one issued to any application of the tenant).
     */
    @Bean
    OAuth2TokenValidator<Jwt> monitorAudienceValidator(MonitorSecurityProperties properties) {
        // no audience configured (allowed in the dev profile only, CredentialPolicy): any
        List<String> audiences = properties.jwt().audience();
        return new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> audiences.isEmpty() || aud != null && aud.stream().anyMatch(audiences::contains));
    }

    @Bean
    SecurityFilterChain monitorSecurityFilterChain(HttpSecurity http, CredentialStore credentials, ObjectProvider<JwtDecoder> jwtDecoder,
                                                   MonitorSecurityProperties properties, PracticeDirectory directory,
                                                   ObjectProvider<Refusals> auditLog) throws Exception {
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        BearerTokenFilter filter = decoder == null ? new BearerTokenFilter(credentials)
                : new BearerTokenFilter(credentials, decoder, new JwtPrincipals(properties.jwt().rolesClaim(), directory));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .addFilterBefore(filter, AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // where a page sends a person to sign in is asked before there is a credential (SignInController)
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/sign-in").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> {
                            // the audit trail's refusals, with a fixed reason: never the token or its header
                            auditLog.getIfAvailable(() -> Refusals.NONE).refused(request, HttpStatus.UNAUTHORIZED.value(),
                                    request.getAttribute(TokenRefusal.ATTRIBUTE) instanceof TokenRefusal refused ? "JWT refused: " + refused.reason()
                                            : request.getHeader("Authorization") == null ? "no credential" : "unknown credential");
                            if (request.getAttribute(TokenRefusal.ATTRIBUTE) instanceof TokenRefusal refusal) {
                                // RFC 6750's challenge, with the fixed reason only
                                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                                        + refusal.reason() + "\"");
                                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "The bearer token was refused: " + refusal.reason() + ".");
                            } else {
                                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "Send a known credential as 'Authorization: Bearer <token>'.");
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            auditLog.getIfAvailable(() -> Refusals.NONE).refused(request, HttpStatus.FORBIDDEN.value(), e.getMessage());
                            Problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
                        }));
        return http.build();
    }
}
