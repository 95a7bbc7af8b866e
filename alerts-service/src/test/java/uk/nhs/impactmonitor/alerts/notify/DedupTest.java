package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.T0;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.firing;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;

/** The dedup stage on its own: what is news against the notification log, and when it may go. */
class DedupTest {

    private static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    private static final Duration REPEAT = Duration.ofHours(4);

    private final StageFixtures.MemoryLog log = new StageFixtures.MemoryLog();
    private final Dedup dedup = new Dedup(log, GROUP_WAIT, REPEAT, Duration.ofMinutes(1));
    private final Receiver receiver = Receiver.webhook(LONDON);

    @Test
    void shouldHoldNewEpisodeForGroupWaitThenSendItOnceWhenNotYetTold() {
        // given
        Alert alert = firing(Severity.WARNING, T0);

        // when
        Optional<Dedup.Due> waiting = dedup.alert(receiver, alert, Mute.Verdict.NOTIFY, T0.plusSeconds(29));
        Optional<Dedup.Due> due = dedup.alert(receiver, alert, Mute.Verdict.NOTIFY, T0.plusSeconds(30));
        log.sent(receiver, alert, T0.plusSeconds(30), 1);
        Optional<Dedup.Due> again = dedup.alert(receiver, alert, Mute.Verdict.NOTIFY, T0.plusSeconds(31));

        // then
        assertThat(waiting).hasValueSatisfying(d -> assertThat(d.ready()).isFalse());
        assertThat(due).hasValueSatisfying(d -> {
            assertThat(d.ready()).isTrue();
            assertThat(d.sends()).isEqualTo(1);
        });
        assertThat(again).isEmpty();
    }

    @Test
    void shouldRepeatUnacknowledgedFiringAlertAfterRepeatIntervalButNotWhenMutedToChangesOnly() {
        // given: told at T0 + 30 s
        Alert alert = firing(Severity.WARNING, T0);
        log.sent(receiver, alert, T0.plusSeconds(30), 1);

        // when
        Optional<Dedup.Due> early = dedup.alert(receiver, alert, Mute.Verdict.NOTIFY, T0.plusSeconds(30).plus(REPEAT).minusSeconds(1));
        Optional<Dedup.Due> repeat = dedup.alert(receiver, alert, Mute.Verdict.NOTIFY, T0.plusSeconds(30).plus(REPEAT));
        Optional<Dedup.Due> acknowledged = dedup.alert(receiver, alert, Mute.Verdict.NO_REPEATS, T0.plusSeconds(30).plus(REPEAT));

        // then: the second send of this state
        assertThat(early).isEmpty();
        assertThat(repeat).hasValueSatisfying(d -> assertThat(d.sends()).isEqualTo(2));
        assertThat(acknowledged).isEmpty();
    }

    @Test
    void shouldSendEscalationAtOnceAndDropMutedAlertWhenVerdictSaysSo() {
        // given
        Alert alert = firing(Severity.CRITICAL, T0);

        // when: within its group wait
        Optional<Dedup.Due> escalated = dedup.alert(receiver, alert, Mute.Verdict.ESCALATED, T0.plusSeconds(1));
        Optional<Dedup.Due> muted = dedup.alert(receiver, alert, Mute.Verdict.MUTED, T0.plus(Duration.ofHours(1)));

        // then
        assertThat(escalated).hasValueSatisfying(d -> assertThat(d.ready()).isTrue());
        assertThat(muted).isEmpty();
    }

    @Test
    void shouldTellResolutionOnlyToThoseWhoHeardTheEpisodeFire() {
        // given
        Alert fired = firing(Severity.WARNING, T0);
        Alert resolved = fired.toBuilder().state(AlertState.RESOLVED).endsAt(T0.plus(Duration.ofHours(1)))
                .transitionAt(T0.plus(Duration.ofHours(1))).build();
        Receiver other = Receiver.email(LONDON);
        log.sent(receiver, fired, T0.plusSeconds(30), 1);

        // when
        Optional<Dedup.Due> told = dedup.alert(receiver, resolved, Mute.Verdict.NOTIFY, T0.plus(Duration.ofHours(2)));
        Optional<Dedup.Due> neverTold = dedup.alert(other, resolved, Mute.Verdict.NOTIFY, T0.plus(Duration.ofHours(2)));

        // then
        assertThat(told).hasValueSatisfying(d -> assertThat(d.sends()).isEqualTo(1));
        assertThat(neverTold).isEmpty();
    }
}
