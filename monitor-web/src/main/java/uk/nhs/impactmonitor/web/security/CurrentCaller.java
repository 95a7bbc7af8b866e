package uk.nhs.impactmonitor.web.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import uk.nhs.impactmonitor.web.problem.ForbiddenException;

/** The authenticated caller of the current request, and the one way to refuse them (403). */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    public static MonitorPrincipal get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof MonitorPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("no authenticated caller: is the path under /api/?");
    }

    /** Refuses the request with 403 unless {@code allowed}. */
    public static void require(boolean allowed, String what) {
        if (!allowed) {
            throw new ForbiddenException(get().name() + " may not " + what);
        }
    }
}
