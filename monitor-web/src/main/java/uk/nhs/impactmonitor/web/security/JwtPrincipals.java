package uk.nhs.impactmonitor.web.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * Turns a verified JWT into the same {@link MonitorPrincipal} a static credential gives, so the access rules do not
 * depend on the kind of credential. The role claim ({@code roles} by default, as Entra ID's app roles) must hold
 * exactly one monitor role: {@code ADMIN}, {@code REGION:<code>}, {@code ICB:<code>} or {@code PRACTICE:<code>}.
 * Values of another form (other applications' roles) are ignored; none is a 401, and so are two or more: a token
 * with several roles is refused rather than reduced to one, because "the highest" is not defined between an ICB and
 * a region elsewhere, and acting with a role the holder did not choose would put the wrong name in the audit trail.
 * A region or ICB code must be one of the directory's, and a practice one it knows: an identity provider that
 * put an ICB's code into a {@code REGION:} role would otherwise widen what the token may do.
 */
public final class JwtPrincipals {

    private final String rolesClaim;
    private final PracticeDirectory directory;

    public JwtPrincipals(String rolesClaim, PracticeDirectory directory) {
        this.rolesClaim = rolesClaim;
        this.directory = directory;
    }

    /** @throws RefusedToken when the token carries no subject, no role, several roles or an unknown scope */
    public MonitorPrincipal principalOf(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new RefusedToken(TokenRefusal.NO_SUBJECT);
        }
        Set<MonitorPrincipal> roles = new LinkedHashSet<>();
        String name = firstText(jwt, "name", "preferred_username").orElse(subject);
        for (String value : values(jwt.getClaims().get(rolesClaim))) {
            parse(value.trim(), name, subject).ifPresent(roles::add);
        }
        if (roles.isEmpty()) {
            throw new RefusedToken(TokenRefusal.NO_ROLE);
        }
        if (roles.size() > 1) {
            throw new RefusedToken(TokenRefusal.SEVERAL_ROLES);
        }
        MonitorPrincipal principal = roles.iterator().next();
        if (!known(principal)) {
            throw new RefusedToken(TokenRefusal.UNKNOWN_SCOPE);
        }
        return principal;
    }

    private Optional<MonitorPrincipal> parse(String value, String name, String subject) {
        if (value.equalsIgnoreCase("ADMIN")) {
            return Optional.of(new MonitorPrincipal(name, Role.ADMIN, null, CredentialKind.JWT, subject));
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Role role;
        try {
            role = Role.valueOf(value.substring(0, colon).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (role == Role.ADMIN) {
            return Optional.empty();
        }
        // an empty scope still counts as a role, so that it is refused (unknown scope) rather than ignored
        String scope = value.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
        return Optional.of(new MonitorPrincipal(name, role, scope, CredentialKind.JWT, subject));
    }

    private boolean known(MonitorPrincipal principal) {
        return switch (principal.role()) {
            case ADMIN -> true;
            case PRACTICE -> directory.isKnownPractice(principal.scope());
            case ICB -> directory.area(principal.scope()).map(area -> area.kind() == AreaKind.ICB).orElse(false);
            case REGION -> directory.area(principal.scope()).map(area -> area.kind() == AreaKind.REGION).orElse(false);
        };
    }

    /** A list claim, or a single string (one value). */
    private static List<String> values(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof Collection<?> collection) {
            collection.stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
        } else if (claim instanceof String text) {
            values.add(text);
        }
        return values;
    }

    private static Optional<String> firstText(Jwt jwt, String... claims) {
        for (String claim : claims) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text && !text.isBlank()) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** A verified token that still may not be used: answered 401 with its {@link TokenRefusal}. */
    public static final class RefusedToken extends RuntimeException {
        private final TokenRefusal refusal;

        public RefusedToken(TokenRefusal refusal) {
            super(refusal.reason(), null, false, false);
            this.refusal = refusal;
        }

        public TokenRefusal refusal() {
            return refusal;
        }
    }
}
