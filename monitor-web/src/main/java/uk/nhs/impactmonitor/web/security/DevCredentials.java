package uk.nhs.impactmonitor.web.security;

import java.util.List;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * One well-known credential of each role for a local run, on the first practice of the directory, its ICB
 * and its region. Only for development: the local stack prints them at start-up.
 */
public final class DevCredentials {

    public static final String ADMIN_TOKEN = "dev-admin";

    private DevCredentials() {
    }

    public record DevCredential(String token, MonitorPrincipal principal) {
    }

    public static List<DevCredential> of(PracticeDirectory directory) {
        Practice practice = directory.practices().iterator().next();
        return List.of(
                new DevCredential("dev-practice-" + practice.code(),
                        new MonitorPrincipal("dev practice " + practice.code(), Role.PRACTICE, practice.code())),
                new DevCredential("dev-icb-" + practice.icbCode(),
                        new MonitorPrincipal("dev ICB " + practice.icbCode(), Role.ICB, practice.icbCode())),
                new DevCredential("dev-region-" + practice.regionCode(),
                        new MonitorPrincipal("dev region " + practice.regionCode(), Role.REGION, practice.regionCode())),
                new DevCredential(ADMIN_TOKEN, new MonitorPrincipal("dev admin", Role.ADMIN, null)));
    }

    /** England's code, for completeness of the printed banner. */
    public static String england() {
        return Area.ENGLAND;
    }
}
