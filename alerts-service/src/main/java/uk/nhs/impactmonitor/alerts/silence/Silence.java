package uk.nhs.impactmonitor.alerts.silence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;

/**
 * "Not now", said by someone, for a reason, until a time: alerts matching every given matcher are not
 * notified while it holds. Matchers compare exactly, as Alertmanager's equality matchers do: a silence on
 * region {@code Y56} mutes the region's own alerts, not those of its ICBs. Subscribers hear when a silence is
 * made and when it ends.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Silence(
        @JsonProperty(required = true) int schemaVersion,
        String silenceId,
        Matchers matchers,
        Instant startsAt,
        Instant until,
        String by,
        String comment,
        Instant createdAt,
        String endedBy,
        Instant expiryRecorded) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * @param endedBy        who ended it before its time (null while it holds, and when it ran to its end)
     * @param expiryRecorded when its running to its end was written to the audit trail (null until then): kept on the
     *                       topic so that neither a later look nor a restart records the expiry again
     */
    public Silence(int schemaVersion, String silenceId, Matchers matchers, Instant startsAt, Instant until, String by, String comment,
                   Instant createdAt, String endedBy) {
        this(schemaVersion, silenceId, matchers, startsAt, until, by, comment, createdAt, endedBy, null);
    }

    /** This silence with its expiry recorded in the audit trail at {@code at}. */
    public Silence withExpiryRecorded(Instant at) {
        return new Silence(schemaVersion, silenceId, matchers, startsAt, until, by, comment, createdAt, endedBy, at);
    }

    /** Ran to its own end ({@code until}) by {@code now}, rather than being ended by someone. */
    public boolean hasExpiredAt(Instant now) {
        return endedBy == null && hasEndedAt(now);
    }

    /** @param indicator the indicator id as in indicators.md ({@code ag_dropoff}) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matchers(String rule, String area, String indicator) {
        public boolean isEmpty() {
            return rule == null && area == null && indicator == null;
        }
    }

    /** Whether a record read back can be acted on: a silence without its matchers or its end would mute or hold for ever. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion " + schemaVersion + " is not " + SCHEMA_VERSION);
        }
        if (silenceId == null || matchers == null || matchers.isEmpty() || startsAt == null || until == null || by == null
                || createdAt == null) {
            problems.add("silenceId, matchers (at least one), startsAt, until, by and createdAt are required");
        }
        return problems;
    }

    public boolean isActiveAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(until);
    }

    public boolean hasEndedAt(Instant now) {
        return !now.isBefore(until);
    }

    public boolean matches(Alert alert) {
        return (matchers.rule() == null || matchers.rule().equals(alert.rule()))
                && (matchers.area() == null || matchers.area().equals(alert.area()))
                && (matchers.indicator() == null || matchers.indicator().equals(alert.indicator().id()));
    }
}
