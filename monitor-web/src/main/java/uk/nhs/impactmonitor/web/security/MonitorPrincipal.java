package uk.nhs.impactmonitor.web.security;

import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * Who is calling: a named credential of one role, scoped to a practice, an ICB or a region (admin has
 * no scope). The access rules of {@code api.md} live here, in one place, for all three services.
 */
public record MonitorPrincipal(String name, Role role, String scope) {

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
