package uk.nhs.impactmonitor.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.domain.alert.AlertState;

/**
 * Pipeline stage "dedup": against the notification log, what is news to a receiver (Alertmanager's nflog check).
 * An alert is news when its episode is new, when its state or severity changed since the receiver was last told, or
 * when a repeat is due ({@code repeat-interval} since the last send, unless muted to changes only); a resolution
 * is news to whoever heard the episode fire. A silence made or ended is news once, to those subscribed before it.
 * A change waits {@code group-wait} after it happened, so that others travel with it ({@link Due#ready}).
 * The forwarding Alertmanager is told of every change and resent a firing alert each {@code resend-interval}, so
 * that it never times it out.
 */
public class Dedup {

    /**
     * An alert the receiver is due to hear of.
     *
     * @param sends 1 for the first notification of a state, n for the n-th repeat
     * @param ready whether it may go now; an item not ready goes only along with one that is
     */
    public record Due(Alert alert, int sends, boolean ready) {
    }

    /** A silence made ({@code ended} false) or ended the receiver is due to hear of; {@code item} keys the log. */
    public record Notice(Silence silence, String item, boolean ended) {
    }

    private final NotificationLog log;
    private final Duration groupWait;
    private final Duration repeatInterval;
    private final Duration resendInterval;

    /** @param resendInterval how often a firing alert is posted again to the forwarding Alertmanager */
    public Dedup(NotificationLog log, Duration groupWait, Duration repeatInterval, Duration resendInterval) {
        this.log = log;
        this.groupWait = groupWait;
        this.repeatInterval = repeatInterval;
        this.resendInterval = resendInterval;
    }

    public Optional<Due> alert(Receiver receiver, Alert alert, Mute.Verdict verdict, Instant now) {
        if (verdict == Mute.Verdict.MUTED) {
            return Optional.empty();
        }
        NotificationRecord previous = log.find(receiver.id(), alert.alertId()).orElse(null);
        if (receiver.subscription() == null) {
            return forwarding(alert, previous, now);
        }
        Instant changed = alert.transitionAt() != null ? alert.transitionAt() : alert.changedAt() != null ? alert.changedAt() : Instant.EPOCH;
        boolean settled = !now.isBefore(changed.plus(groupWait));
        if (alert.state() == AlertState.FIRING) {
            if (previous == null || !Objects.equals(previous.startsAt(), alert.startsAt())) {
                return Optional.of(new Due(alert, 1, verdict == Mute.Verdict.ESCALATED || settled));
            }
            if (previous.state() != AlertState.FIRING || previous.severity() != alert.severity()) {
                return Optional.of(new Due(alert, 1, settled));
            }
            if (verdict != Mute.Verdict.NO_REPEATS && !now.isBefore(previous.sentAt().plus(repeatInterval))) {
                return Optional.of(new Due(alert, previous.sends() + 1, true));
            }
            return Optional.empty();
        }
        if (previous != null && previous.state() == AlertState.FIRING && Objects.equals(previous.startsAt(), alert.startsAt())) {
            return Optional.of(new Due(alert, 1, settled));
        }
        return Optional.empty();
    }

    private Optional<Due> forwarding(Alert alert, NotificationRecord previous, Instant now) {
        if (alert.state() == AlertState.FIRING) {
            if (previous == null || !Objects.equals(previous.startsAt(), alert.startsAt()) || previous.state() != AlertState.FIRING
                    || previous.severity() != alert.severity()) {
                return Optional.of(new Due(alert, 1, true));
            }
            if (!now.isBefore(previous.sentAt().plus(resendInterval))) {
                return Optional.of(new Due(alert, previous.sends() + 1, true));
            }
        } else if (alert.state() == AlertState.RESOLVED && previous != null && previous.state() == AlertState.FIRING
                && Objects.equals(previous.startsAt(), alert.startsAt())) {
            return Optional.of(new Due(alert, 1, true));
        }
        return Optional.empty();
    }

    /** Only news after the receiver subscribed: a silence made before it is not, nor one that ended before it. */
    public List<Notice> silence(Receiver receiver, Silence silence, Instant now) {
        Subscription subscription = receiver.subscription();
        List<Notice> notices = new ArrayList<>();
        String created = "silence/" + silence.silenceId() + "/created";
        if (!subscription.createdAt().isAfter(silence.createdAt()) && log.find(receiver.id(), created).isEmpty()) {
            notices.add(new Notice(silence, created, false));
        }
        String ended = "silence/" + silence.silenceId() + "/ended";
        if (silence.hasEndedAt(now) && !subscription.createdAt().isAfter(silence.until()) && log.find(receiver.id(), ended).isEmpty()) {
            notices.add(new Notice(silence, ended, true));
        }
        return notices;
    }
}
