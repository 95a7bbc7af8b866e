package uk.nhs.impactmonitor.domain.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of the audit trail on {@code audit-log}, keyed by its {@code eventId}: who did what to which resource,
 * when, and how it ended (issue 18). Written by each service after the change it records was accepted (or when it
 * refused a request), never changed afterwards.
 *
 * <p>Nothing of a credential is ever in an event: the actor is named by its subject (a static credential's configured
 * name, a JWT's {@code sub}), never by its token; a refused request's detail holds a fixed reason, never a header.
 *
 * @param eventId  unique; an event written twice (a retry after a crash) keeps its id, so readers count it once
 * @param at       when the service recorded it
 * @param service  which service recorded it ({@code ingest-service}, {@code alerts-service}, {@code impact-streams})
 * @param resource what it concerns: {@code notice/<id>}, {@code practice/<code>}, {@code alert/<id>},
 *                 {@code silence/<id>}, {@code subscription/<id>}, ..., or the request's path for a refusal
 * @param area     the ICB, region or England the event concerns, so a region can be shown its own; null when none
 * @param status   the HTTP status answered (null for what the service did by itself, e.g. a silence expiring)
 * @param detail   small facts: counts accepted and rejected, the query of a read, the reason of a refusal
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        @JsonProperty(required = true) int schemaVersion,
        UUID eventId,
        Instant at,
        String service,
        Actor actor,
        AuditAction action,
        String resource,
        String area,
        Outcome outcome,
        Integer status,
        Map<String, Object> detail) {

    public static final int SCHEMA_VERSION = 1;

    /** How the actor proved who they are. */
    public enum Credential {
        /** A configured (hashed) bearer token. */
        STATIC,
        /** A signed JWT from the identity provider. */
        JWT,
        /** None, or none that was accepted: an anonymous refusal. */
        NONE,
        /** Nobody: the service itself acted (a silence reaching its end). */
        SERVICE
    }

    public enum Outcome {
        SUCCEEDED,
        REFUSED
    }

    /**
     * Who acted. For an anonymous refusal every field but {@code credential} ({@code NONE}) is null.
     *
     * @param subject the stable identifier of who acted (a static credential's name, a JWT's {@code sub})
     * @param name    who it is in words (a JWT's {@code name} or {@code preferred_username})
     * @param role    {@code PRACTICE}, {@code ICB}, {@code REGION} or {@code ADMIN}
     * @param scope   the practice, ICB or region code of the role (none for admin)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(String subject, String name, String role, String scope, Credential credential) {

        public static final Actor ANONYMOUS = new Actor(null, null, null, null, Credential.NONE);

        public static Actor service(String service) {
            return new Actor(service, service, null, null, Credential.SERVICE);
        }
    }

    public AuditEvent {
        detail = detail == null ? Map.of() : detail;
    }

    /** Whether a record read back can be shown: without these it says nothing of who did what. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion " + schemaVersion + " is not " + SCHEMA_VERSION);
        }
        if (eventId == null || at == null || service == null || actor == null || actor.credential() == null || action == null
                || outcome == null) {
            problems.add("eventId, at, service, actor (with its credential), action and outcome are required");
        }
        return problems;
    }
}
