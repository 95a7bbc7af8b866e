package uk.nhs.impactmonitor.web.signin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the pages send a person to sign in through the organisation's identity provider (OAuth 2.0 authorization
 * code with PKCE, RFC 7636, as a public client: the page holds no secret). Off by default: the pages then offer the
 * pasted credential only. All of {@code client-id}, {@code authorization-endpoint} and {@code token-endpoint} turn
 * it on; one without the others stops the service, naming what is missing. The pages read these from
 * {@code GET /api/v1/sign-in}; the tokens they get are checked like any other JWT
 * ({@code spring.security.oauth2.resourceserver.jwt.*}, {@code monitor.security.jwt.*}).
 *
 * <p>Microsoft Entra ID: {@code authorization-endpoint} {@code https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/authorize},
 * {@code token-endpoint} {@code https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token}, {@code client-id} an app
 * registration of type "Single-page application" (so Entra allows the browser's code exchange) whose redirect URIs are the
 * pages' addresses, {@code scopes} {@code openid} and the monitor API's scope ({@code api://.../access}).
 *
 * @param clientId              the public client the pages sign in as; default none (sign-in off)
 * @param issuer                the identity provider's issuer, shown to the page for information; default none
 * @param authorizationEndpoint where the browser is sent to sign in; default none
 * @param tokenEndpoint         where the page exchanges the code for an access token (the provider must allow the page's
 *                              origin by CORS); default none
 * @param scopes                the scopes asked for; default {@code openid}, {@code profile}
 */
@ConfigurationProperties("monitor.security.sign-in")
public record SignInProperties(String clientId, URI issuer, URI authorizationEndpoint, URI tokenEndpoint,
                               @DefaultValue({"openid", "profile"}) List<String> scopes) {

    public SignInProperties {
        clientId = clientId == null || clientId.isBlank() ? null : clientId.strip();
        scopes = scopes == null ? List.of("openid", "profile") : scopes.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        List<String> missing = new ArrayList<>();
        boolean any = clientId != null || authorizationEndpoint != null || tokenEndpoint != null;
        if (any) {
            if (clientId == null) {
                missing.add("client-id");
            }
            if (authorizationEndpoint == null) {
                missing.add("authorization-endpoint");
            }
            if (tokenEndpoint == null) {
                missing.add("token-endpoint");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("monitor.security.sign-in: " + String.join(", ", missing)
                    + " missing (give client-id, authorization-endpoint and token-endpoint together, or none to leave sign-in off)");
        }
        for (URI endpoint : new URI[] {authorizationEndpoint, tokenEndpoint}) {
            if (endpoint != null && (endpoint.getHost() == null || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme())))) {
                throw new IllegalArgumentException("monitor.security.sign-in: '" + endpoint + "' is not an absolute http(s) URL");
            }
        }
    }

    /** Whether the pages offer sign-in through the identity provider. */
    public boolean enabled() {
        return clientId != null;
    }
}
