package uk.nhs.impactmonitor.web.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credentials, kept hashed: each is the SHA-256 (hex) of a bearer token, with a role and a scope.
 *
 * @param adminToken         the admin bearer token in clear (default none); hashed when read and never logged. Required
 *                           outside the {@code dev}/{@code local} profile: at least 32 characters, not a known default
 *                           ({@link CredentialPolicy})
 * @param credentials        hashed credentials (default none)
 * @param devCredentials     add the well-known development credentials of {@link DevCredentials} (default false;
 *                           the local stack turns it on and prints them); only allowed in the {@code dev}/{@code local}
 *                           profile, which the local stack sets: anywhere else the service refuses to start
 * @param jwt                how JWT bearer tokens are read, when Spring Boot's
 *                           {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code jwk-set-uri}) names an
 *                           identity provider (default: no JWTs, static tokens only)
 */
@ConfigurationProperties("monitor.security")
public record MonitorSecurityProperties(String adminToken, @DefaultValue List<Credential> credentials, boolean devCredentials,
                                        @DefaultValue Jwt jwt) {

    @ConstructorBinding
    public MonitorSecurityProperties {
        // binding gives every part (@DefaultValue); code that builds the properties by hand may leave one out
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        jwt = jwt == null ? new Jwt(null, null) : jwt;
    }

    public MonitorSecurityProperties(String adminToken, List<Credential> credentials, boolean devCredentials) {
        this(adminToken, credentials, devCredentials, null);
    }

    /**
     * @param audience   the audiences of this monitor (default none: any audience; required outside the {@code dev}
     *                   profile when JWTs are on, {@link CredentialPolicy}): a token's {@code aud} must name at least one
     *                   of them. For Microsoft Entra ID the app registration's application ID URI or client id
     * @param rolesClaim the claim holding the monitor role (default {@code roles}, as Entra ID's app roles): exactly one
     *                   value of {@code ADMIN}, {@code REGION:<code>}, {@code ICB:<code>} or {@code PRACTICE:<code>}
     */
    public record Jwt(@DefaultValue List<String> audience, @DefaultValue(DEFAULT_ROLES_CLAIM) String rolesClaim) {

        public static final String DEFAULT_ROLES_CLAIM = "roles";

        public Jwt {
            audience = audience == null ? List.of() : audience.stream().filter(a -> a != null && !a.isBlank()).map(String::trim).toList();
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? DEFAULT_ROLES_CLAIM : rolesClaim.trim();
        }
    }

    /**
     * @param name        who holds it, for audit ("QE1 planners")
     * @param role        its role
     * @param scope       the practice, ICB or region code (none for admin)
     * @param tokenSha256 SHA-256 hex of the bearer token
     */
    public record Credential(String name, Role role, String scope, String tokenSha256) {
    }

    @Override
    public String toString() {
        // never print a token, even the admin one
        return "MonitorSecurityProperties[adminToken=" + (adminToken == null ? "none" : "***") + ", credentials="
                + credentials.size() + ", devCredentials=" + devCredentials + ", jwt=" + jwt + "]";
    }
}
