package uk.nhs.impactmonitor.web.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 */
@ConfigurationProperties("monitor.security")
public record MonitorSecurityProperties(String adminToken, List<Credential> credentials, boolean devCredentials) {

    public MonitorSecurityProperties {
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
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
                + credentials.size() + ", devCredentials=" + devCredentials + "]";
    }
}
