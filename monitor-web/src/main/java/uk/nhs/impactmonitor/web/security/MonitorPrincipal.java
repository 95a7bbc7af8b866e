package uk.nhs.impactmonitor.web.security;

import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * Who is calling: a named credential of one role, scoped to a practice, an ICB or a region (admin has
 * no scope). The access rules of {@code api.md} live here, in one place, for all three services, whatever the
 * credential was (a static token or a JWT): one access decision.
 *
 * @param name       who it is, in words, for messages and the "submitted by" of what they send ("QE1 planners",
 *                   a JWT's {@code name} or {@code preferred_username})
 * @param role       the one role
 * @param scope      the practice, ICB or region code (none for admin)
 * @param credential which kind of credential proved it
 * @param subject    the stable identifier of who acted, for an audit trail: a static credential's configured name,
 *                   a JWT's {@code sub}. Never the token.
 */
public record MonitorPrincipal(String name, Role role, String scope, CredentialKind credential, String subject) {

    /** A static credential: its name is its subject. */
    public MonitorPrincipal(String name, Role role, String scope) {
        this(name, role, scope, CredentialKind.STATIC, name);
    }

    /** Submit notices and activity for a practice, and read its notices. */
    public boolean mayActForPractice(String practiceCode, PracticeDirectory directory) {
        return switch (role) {
            case ADMIN -> true;
            case PRACTICE -> scope.equals(practiceCode);
            case ICB -> directory.practice(practiceCode).map(p -> p.icbCode().equals(scope)).orElse(false);
            case REGION -> false;
        };
    }

    /** Read the notices of every practice in an ICB. */
    public boolean mayReadNoticesOfIcb(String icbCode) {
        return role == Role.ADMIN || (role == Role.ICB && scope.equals(icbCode));
    }

    /** Read an area's indicators and alerts. */
    public boolean mayReadArea(String areaCode, PracticeDirectory directory) {
        return switch (role) {
            case ADMIN -> true;
            case ICB -> scope.equals(areaCode);
            case REGION -> !Area.ENGLAND.equals(areaCode) && directory.isWithin(areaCode, scope);
            case PRACTICE -> false;
        };
    }

    /** Acknowledge and silence an area's alerts. */
    public boolean mayManageAlertsOf(String areaCode, PracticeDirectory directory) {
        return switch (role) {
            case ADMIN -> true;
            case REGION -> !Area.ENGLAND.equals(areaCode) && directory.isWithin(areaCode, scope);
            case ICB, PRACTICE -> false;
        };
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
