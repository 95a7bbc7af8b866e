package uk.nhs.impactmonitor.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.security.DevCredentials;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * The local stack's identity provider: a real OAuth2 / OpenID Connect authorization server (Spring Authorization
 * Server through Spring Boot's auto-configuration: discovery, JWK set, token endpoint, a freshly generated RSA key
 * per run) in its own Spring context on its own port, so the services trust it exactly as they would trust Entra ID
 * ({@code issuer-uri}). Development only: its clients and users have public secrets.
 *
 * <ul>
 *   <li>one client-credentials client per development role, named as the static development tokens
 *       ({@code dev-admin}, {@code dev-region-<region>}, {@code dev-icb-<ICB>}, {@code dev-practice-<practice>}),
 *       secret {@value #CLIENT_SECRET}: its access tokens carry {@code roles: ["ICB:QKK"]} (etc.) and the monitor's
 *       audience {@value #AUDIENCE};</li>
 *   <li>a public client {@value #PAGES_CLIENT} for the two pages: authorization code with PKCE (no secret), redirect
 *       URIs the pages' addresses; and one user per role with the same names (password {@value #USER_PASSWORD}) to
 *       sign in as, whose tokens carry the same role. Ready for the pages' sign-in.</li>
 * </ul>
 */
public final class DevAuthorizationServer implements AutoCloseable {

    public static final String CLIENT_SECRET = "dev-secret";
    public static final String USER_PASSWORD = "dev-password";
    public static final String PAGES_CLIENT = "monitor-pages";
    /** The audience the local stack's services check ({@code monitor.security.jwt.audience}). */
    public static final String AUDIENCE = "impact-monitor-local";

    private final ConfigurableApplicationContext context;
    private final String issuer;
    private final Map<String, String> roles;

    private DevAuthorizationServer(ConfigurableApplicationContext context, String issuer, Map<String, String> roles) {
        this.context = context;
        this.issuer = issuer;
        this.roles = roles;
    }

    /** The issuer (and so the {@code issuer-uri} the services are given) of a server on {@code port}. */
    public static String issuerOn(int port) {
        return "http://localhost:" + port;
    }

    /**
     * @param port         its HTTP port
     * @param directory    whose first practice, ICB and region the role clients act for
     * @param redirectUris where the pages may be sent back to after sign-in
     * @param loggingArgs  the stack's {@code --logging.*} options: the JVM has one logging system, which each context
     *                     started re-initialises, so this one must set the same levels as the services
     */
    public static DevAuthorizationServer start(int port, PracticeDirectory directory, List<String> redirectUris, List<String> loggingArgs) {
        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (DevCredentials.DevCredential credential : DevCredentials.of(directory)) {
            roles.put(credential.token(), roleValue(credential.principal()));
            names.put(credential.token(), credential.principal().name());
        }
        String issuer = issuerOn(port);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("devRoles", new DevRoles(roles, names, redirectUris));
                })
                .registerShutdownHook(false)
                .run(java.util.stream.Stream.concat(Stream.of("--server.port=" + port,
                        "--spring.security.oauth2.authorizationserver.issuer=" + issuer,
                        "--spring.application.name=dev-authorization-server",
                        "--spring.main.banner-mode=off",
                        // only the authorization server listens here: no actuator, no API docs of the services' libraries
                        "--management.endpoints.access.default=none",
                        "--springdoc.api-docs.enabled=false",
                        "--springdoc.swagger-ui.enabled=false"), loggingArgs.stream()).toArray(String[]::new));
        return new DevAuthorizationServer(context, issuer, roles);
    }

    /** {@code http://localhost:8082/} → {@code http://localhost:8082}: the origin a page's requests come from. */
    static List<String> pageOrigins(List<String> redirectUris) {
        return redirectUris.stream().map(java.net.URI::create)
                .map(uri -> uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())).distinct().toList();
    }

    /** The {@code roles} claim value of a development principal: {@code ADMIN}, {@code ICB:QKK}... */
    static String roleValue(MonitorPrincipal principal) {
        return principal.role() == Role.ADMIN ? "ADMIN" : principal.role().name() + ":" + principal.scope();
    }

    public String issuer() {
        return issuer;
    }

    public String tokenEndpoint() {
        return tokenEndpointOn(port());
    }

    /** Spring Authorization Server's endpoints (its default paths) of a server on {@code port}. */
    public static String authorizationEndpointOn(int port) {
        return issuerOn(port) + "/oauth2/authorize";
    }

    public static String tokenEndpointOn(int port) {
        return issuerOn(port) + "/oauth2/token";
    }

    private int port() {
        return java.net.URI.create(issuer).getPort();
    }

    /** Client id → the role its tokens carry, in the order admin last (as the banner lists them). */
    public Map<String, String> clients() {
        return roles;
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * @param byName       client id or user name → its role value
     * @param displayNames client id or user name → the {@code name} claim: the static development credential's name
     *                     ("dev ICB QKK"), so that messages and logs name the caller as they do for the static token, and
     *                     never show the client id, which is also the (public) static development token
     */
    record DevRoles(Map<String, String> byName, Map<String, String> displayNames, List<String> redirectUris) {
    }

    /**
     * Spring Boot's auto-configuration, less the monitor's own (its bearer-token security and the practice directory
     * belong to the services): Boot's authorization-server security chains, JWK source and endpoints serve.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = {
            "uk.nhs.impactmonitor.web.security.MonitorSecurityConfiguration",
            "uk.nhs.impactmonitor.web.directory.DirectoryConfiguration",
            "uk.nhs.impactmonitor.web.signin.SignInConfiguration"})
    static class Config {

        @Bean
        RegisteredClientRepository registeredClients(DevRoles roles) {
            List<RegisteredClient> clients = new ArrayList<>();
            for (String clientId : roles.byName().keySet()) {
                clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                        .clientId(clientId)
                        .clientSecret("{noop}" + CLIENT_SECRET)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofHours(1)).build())
                        .build());
            }
            RegisteredClient.Builder pages = RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(PAGES_CLIENT)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofHours(1)).build());
            roles.redirectUris().forEach(pages::redirectUri);
            clients.add(pages.build());
            // Spring's InMemoryRegisteredClientRepository refuses two clients with one secret; here one public dev secret is the point
            Map<String, RegisteredClient> byClientId = new java.util.concurrent.ConcurrentHashMap<>();
            clients.forEach(client -> byClientId.put(client.getClientId(), client));
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient client) {
                    // Spring re-saves a client whose secret it re-encodes ({noop} -> bcrypt) on first use
                    byClientId.put(client.getClientId(), client);
                }

                @Override
                public RegisteredClient findById(String id) {
                    return byClientId.values().stream().filter(client -> client.getId().equals(id)).findFirst().orElse(null);
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    return byClientId.get(clientId);
                }
            };
        }

        /**
         * The pages exchange the code for a token with {@code fetch()} from their own origin: the token endpoint (and
         * the JWK set and discovery documents, should a page read them) allow exactly the pages' origins, those of the
         * redirect URIs, and no other. A servlet filter ahead of Spring Security, so the answer to a preflight and the
         * headers on the token's answer do not depend on the authorization server's security chains.
         */
        @Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<org.springframework.web.filter.CorsFilter> pagesCors(DevRoles roles) {
            org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
            cors.setAllowedOrigins(pageOrigins(roles.redirectUris()));
            cors.setAllowedMethods(List.of("GET", "POST"));
            cors.setAllowedHeaders(List.of("Content-Type", "Accept"));
            cors.setAllowCredentials(false);
            cors.setMaxAge(Duration.ofMinutes(30));
            org.springframework.web.cors.UrlBasedCorsConfigurationSource source = new org.springframework.web.cors.UrlBasedCorsConfigurationSource();
            for (String path : List.of("/oauth2/token", "/oauth2/jwks", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
                source.registerCorsConfiguration(path, cors);
            }
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new org.springframework.web.filter.CorsFilter(source));
            registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        /** One user per development role, for the pages' authorization-code sign-in. */
        @Bean
        UserDetailsService devUsers(DevRoles roles) {
            InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
            for (String name : roles.byName().keySet()) {
                users.createUser(User.withUsername(name).password("{noop}" + USER_PASSWORD).roles("MONITOR").build());
            }
            return users;
        }

        /** Access tokens carry the monitor's audience and the caller's one role, as Entra ID's app roles would. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> monitorClaims(DevRoles roles) {
            return context -> {
                if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                    return;
                }
                context.getClaims().audience(List.of(AUDIENCE));
                String role = roles.byName().get(context.getPrincipal().getName());
                if (role != null) {
                    context.getClaims().claim("roles", List.of(role));
                    context.getClaims().claim("name", roles.displayNames().get(context.getPrincipal().getName()));
                }
            };
        }
    }
}
