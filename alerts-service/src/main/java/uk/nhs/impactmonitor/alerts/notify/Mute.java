package uk.nhs.impactmonitor.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.lifecycle.SilenceLookup;
import uk.nhs.impactmonitor.domain.alert.Severity;

/**
 * Pipeline stage "mute": the one place that decides what a receiver must not hear of an alert, and why. Silences
 * mute everything about the alerts they hold; an acknowledgement stops the repeats (changes still go out); an
 * escalation contact hears of an episode only once it has escalated (CRITICAL and unacknowledged for
 * {@code escalate-after}), and from then on of what becomes of it. The forwarding Alertmanager is never muted
 * here: it has its own silences. Reading the notification log (whether the receiver was told of the episode) is
 * all this stage asks of it; what is news is the next stage's question.
 */
public class Mute {

    /** What the receiver may hear of the alert. */
    public enum Verdict {
        /** Everything: changes and repeats. */
        NOTIFY,
        /** Acknowledged: changes, but no repeats. */
        NO_REPEATS,
        /** An escalation contact's first word of the episode, sent at once (it has waited {@code escalate-after} already). */
        ESCALATED,
        /** Nothing: silenced, or an escalation contact's alert that has not escalated. */
        MUTED
    }

    private final SilenceLookup silences;
    private final NotificationLog log;
    private final Duration escalateAfter;

    public Mute(SilenceLookup silences, NotificationLog log, Duration escalateAfter) {
        this.silences = silences;
        this.log = log;
        this.escalateAfter = escalateAfter;
    }

    public Verdict verdict(Receiver receiver, Alert alert, Instant now) {
        if (receiver.subscription() == null) {
            return Verdict.NOTIFY;
        }
        if (silences.silencedUntil(alert, now) != null) {
            return Verdict.MUTED;
        }
        if (receiver.escalation() && !toldOfEpisode(receiver, alert)) {
            return escalationDue(alert, now) ? Verdict.ESCALATED : Verdict.MUTED;
        }
        return alert.isAcknowledged() ? Verdict.NO_REPEATS : Verdict.NOTIFY;
    }

    private boolean toldOfEpisode(Receiver receiver, Alert alert) {
        NotificationRecord previous = log.find(receiver.id(), alert.alertId()).orElse(null);
        return previous != null && Objects.equals(previous.startsAt(), alert.startsAt());
    }

    private boolean escalationDue(Alert alert, Instant now) {
        return alert.severity() == Severity.CRITICAL && !alert.isAcknowledged() && alert.criticalSince() != null
                && !now.isBefore(alert.criticalSince().plus(escalateAfter));
    }
}
