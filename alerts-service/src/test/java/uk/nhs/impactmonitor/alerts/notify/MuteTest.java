package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON_ESCALATION;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.T0;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.firing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.SilenceLookup;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.domain.alert.Severity;

/** The mute stage on its own: the one place silences, acknowledgements and escalation decide what a receiver hears. */
class MuteTest {

    private static final Duration ESCALATE_AFTER = Duration.ofMinutes(30);
    private static final SilenceLookup NO_SILENCE = (alert, now) -> null;

    private final StageFixtures.MemoryLog log = new StageFixtures.MemoryLog();

    private static SilenceLookup silences(Silence... silences) {
        return (alert, now) -> List.of(silences).stream().filter(s -> s.isActiveAt(now) && s.matches(alert)).map(Silence::until)
                .max(Instant::compareTo).orElse(null);
    }

    @Test
    void shouldMuteAlertWhenASilenceOnItsAreaHoldsNow() {
        // given: QKK silenced for an hour
        Mute mute = new Mute(silences(StageFixtures.silence("QKK", T0, T0.plus(Duration.ofHours(1)))), log, ESCALATE_AFTER);
        Alert alert = firing(Severity.WARNING, T0);

        // when
        Mute.Verdict during = mute.verdict(Receiver.webhook(LONDON), alert, T0.plus(Duration.ofMinutes(10)));
        Mute.Verdict after = mute.verdict(Receiver.webhook(LONDON), alert, T0.plus(Duration.ofHours(1)));

        // then: muted while it holds, heard from its end on
        assertThat(during).isEqualTo(Mute.Verdict.MUTED);
        assertThat(after).isEqualTo(Mute.Verdict.NOTIFY);
    }

    @Test
    void shouldStopRepeatsButNotChangesWhenAlertIsAcknowledged() {
        // given
        Mute mute = new Mute(NO_SILENCE, log, ESCALATE_AFTER);
        Alert acknowledged = firing(Severity.WARNING, T0).toBuilder().acknowledged("duty manager", T0.plusSeconds(60), "on it").build();

        // when
        Mute.Verdict verdict = mute.verdict(Receiver.webhook(LONDON), acknowledged, T0.plus(Duration.ofHours(5)));

        // then
        assertThat(verdict).isEqualTo(Mute.Verdict.NO_REPEATS);
    }

    @Test
    void shouldLetEscalationContactHearOnlyOnceCriticalAlertIsUnacknowledgedForEscalateAfterWhenNotToldBefore() {
        // given: CRITICAL since T0
        Mute mute = new Mute(NO_SILENCE, log, ESCALATE_AFTER);
        Alert critical = firing(Severity.CRITICAL, T0);
        Receiver escalation = Receiver.webhook(LONDON_ESCALATION);

        // when
        Mute.Verdict early = mute.verdict(escalation, critical, T0.plus(Duration.ofMinutes(29)));
        Mute.Verdict due = mute.verdict(escalation, critical, T0.plus(Duration.ofMinutes(30)));
        Mute.Verdict acknowledged = mute.verdict(escalation,
                critical.toBuilder().acknowledged("duty manager", T0.plusSeconds(60), null).build(), T0.plus(Duration.ofHours(1)));
        Mute.Verdict warning = mute.verdict(escalation, firing(Severity.WARNING, T0), T0.plus(Duration.ofHours(1)));

        // then
        assertThat(early).isEqualTo(Mute.Verdict.MUTED);
        assertThat(due).isEqualTo(Mute.Verdict.ESCALATED);
        assertThat(acknowledged).isEqualTo(Mute.Verdict.MUTED);
        assertThat(warning).isEqualTo(Mute.Verdict.MUTED);
    }

    @Test
    void shouldTellEscalationContactWhatBecomesOfAnEpisodeWhenItWasToldOfIt() {
        // given: the contact heard of the escalation; the alert was then acknowledged
        Mute mute = new Mute(NO_SILENCE, log, ESCALATE_AFTER);
        Receiver escalation = Receiver.webhook(LONDON_ESCALATION);
        Alert critical = firing(Severity.CRITICAL, T0);
        log.sent(escalation, critical, T0.plus(Duration.ofMinutes(30)), 1);
        Alert acknowledged = critical.toBuilder().acknowledged("duty manager", T0.plus(Duration.ofMinutes(40)), null).build();

        // when
        Mute.Verdict verdict = mute.verdict(escalation, acknowledged, T0.plus(Duration.ofMinutes(45)));

        // then: changes (a resolution, say) still reach it, repeats do not
        assertThat(verdict).isEqualTo(Mute.Verdict.NO_REPEATS);
    }

    @Test
    void shouldNeverMuteForwardingWhenSilencedBecauseAlertmanagerHasItsOwnSilences() {
        // given
        Mute mute = new Mute(silences(StageFixtures.silence("QKK", T0, T0.plus(Duration.ofHours(1)))), log, ESCALATE_AFTER);

        // when
        Mute.Verdict verdict = mute.verdict(Receiver.alertmanager(), firing(Severity.WARNING, T0), T0.plusSeconds(1));

        // then
        assertThat(verdict).isEqualTo(Mute.Verdict.NOTIFY);
    }
}
