package uk.nhs.impactmonitor.web.security;

import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Which secrets a service may start with. The development credentials ({@link DevCredentials}: {@code dev-admin},
 * {@code dev-practice-...}) are printed by the local stack and written in tests, so they are public: they work
 * only in the {@code dev} (or {@code local}) profile, which the local stack sets. In any other profile a service
 * refuses to start unless it has an admin token of its own that is not a known default and is long enough to be
 * unguessable; a deployment that forgot to set one fails at once instead of running with a door open. When JWTs
 * are on ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}) it also needs
 * {@code monitor.security.jwt.audience} (or every application of the same issuer, e.g. an Entra ID tenant, could
 * call it) and the provider's addresses on https (its keys decide who may do what).
 */
public final class CredentialPolicy {

    /** The profiles in which development credentials are allowed and the admin token is optional. */
    public static final String DEV_PROFILES = "dev | local";
    /** A random token of 32 characters (e.g. {@code openssl rand -hex 16}) cannot be guessed. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 32;
    /** Tokens that appear in this repository, its docs and compose files, or in every default-password list. */
    static final Set<String> KNOWN_DEFAULTS = Set.of(DevCredentials.ADMIN_TOKEN, "change-me", "changeme", "change-it", "changeit", "admin",
            "admin-token", "password", "secret", "token", "test", "test-admin-token", "letmein", "default");

    private CredentialPolicy() {
    }

    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

    /** @throws IllegalStateException naming the setting at fault, when the credentials may not be used in this profile */
    public static void check(Environment environment, MonitorSecurityProperties properties) {
        if (environment.acceptsProfiles(Profiles.of(DEV_PROFILES))) {
            return;
        }
        String profiles = environment.getActiveProfiles().length == 0 ? "no profile" : "profile(s) " + String.join(",", environment.getActiveProfiles());
        if (properties.devCredentials()) {
            throw new IllegalStateException("monitor.security.dev-credentials=true is allowed only in the 'dev' or 'local' profile (running with "
                    + profiles + "): the development tokens are public. Turn it off, or run with spring.profiles.active=dev on a developer machine.");
        }
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("monitor.security.admin-token is required outside the 'dev' profile (running with " + profiles
                    + "): set MONITOR_SECURITY_ADMIN_TOKEN to a random secret of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters.");
        }
        // the token itself is never part of a message
        if (KNOWN_DEFAULTS.contains(token.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException("monitor.security.admin-token is a known default value (running with " + profiles
                    + "): set it to a random secret of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters.");
        }
        if (token.trim().length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalStateException("monitor.security.admin-token is too short (" + token.trim().length() + " characters; running with "
                    + profiles + "): it must be at least " + MIN_ADMIN_TOKEN_LENGTH + " characters of random text.");
        }
        checkJwt(environment, properties, profiles);
    }

    private static void checkJwt(Environment environment, MonitorSecurityProperties properties, String profiles) {
        boolean jwtOn = false;
        for (String setting : new String[] {ISSUER_URI, JWK_SET_URI}) {
            String uri = environment.getProperty(setting);
            if (uri == null || uri.isBlank()) {
                continue;
            }
            jwtOn = true;
            if (!uri.trim().toLowerCase(Locale.ROOT).startsWith("https://")) {
                throw new IllegalStateException(setting + " must be an https:// address outside the 'dev' profile (running with " + profiles
                        + "): the identity provider's keys decide who may do what, and must not be fetched in clear.");
            }
        }
        if (jwtOn && properties.jwt().audience().isEmpty()) {
            throw new IllegalStateException("monitor.security.jwt.audience is required when JWTs are accepted (running with " + profiles
                    + "): set it to this monitor's audience (for Entra ID the app registration's application ID URI or client id), or every "
                    + "application of the same issuer could call the monitor.");
        }
    }
}
