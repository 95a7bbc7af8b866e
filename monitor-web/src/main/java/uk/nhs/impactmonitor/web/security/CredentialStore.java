package uk.nhs.impactmonitor.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * Finds who a bearer token belongs to. Only hashes are held: tokens are long random strings, so an
 * unsalted SHA-256 is enough to keep them out of configuration and memory dumps (as for API keys).
 */
public final class CredentialStore {

    private final Map<String, MonitorPrincipal> byHash = new HashMap<>();

    public CredentialStore(MonitorSecurityProperties properties, PracticeDirectory directory) {
        for (MonitorSecurityProperties.Credential credential : properties.credentials()) {
            if (credential.tokenSha256() == null || credential.role() == null) {
                throw new IllegalArgumentException("credential '" + credential.name() + "' needs a role and a tokenSha256");
            }
            if (credential.role() != Role.ADMIN && (credential.scope() == null || credential.scope().isBlank())) {
                throw new IllegalArgumentException("credential '" + credential.name() + "' of role " + credential.role() + " needs a scope");
            }
            byHash.put(credential.tokenSha256().toLowerCase(Locale.ROOT),
                    new MonitorPrincipal(credential.name(), credential.role(), credential.scope()));
        }
        if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
            byHash.put(sha256(properties.adminToken()), new MonitorPrincipal("admin", Role.ADMIN, null));
        }
        if (properties.devCredentials()) {
            DevCredentials.of(directory).forEach(dev -> byHash.putIfAbsent(sha256(dev.token()), dev.principal()));
        }
    }

    public Optional<MonitorPrincipal> find(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(sha256(token)));
    }

    public int size() {
        return byHash.size();
    }

    public static String sha256(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
