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
 * unguessable; a deployment that forgot to set one fails at once instead of running with a door open.
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
    }
}
