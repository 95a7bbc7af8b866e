package uk.nhs.impactmonitor.web.problem;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a refused request (401, 403) is recorded: the audit trail's {@code AuditLog} in a service, nothing in a test
 * without one. An interface here, so the security and problem handling that see every refusal need not know the
 * audit package (which knows them: who the caller is).
 */
@FunctionalInterface
public interface Refusals {

    /** Records nothing. */
    Refusals NONE = (request, status, reason) -> { };

    /** @param reason fixed words for the refusal: never a token or a header */
    void refused(HttpServletRequest request, int status, String reason);
}
