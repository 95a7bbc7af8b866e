package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON_ESCALATION;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.T0;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.firing;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;

/** The route stage on its own: a subscription hears of its area and the areas inside it, Alertmanager of everything. */
class RouteTest {

    private final Route route = new Route(SyntheticDirectory.build());

    @Test
    void shouldRouteAlertsOfAreaAndItsIcbsButNotPendingOnesWhenReceiverIsASubscription() {
        // given: QKK is in London (Y56), QHM in North East and Yorkshire (Y63)
        Alert qkk = firing(Severity.WARNING, T0);
        Alert qhm = new Alert(qkk.schemaVersion(), "other", qkk.rule(), qkk.indicator(), qkk.action(), null, "QHM", Severity.WARNING,
                AlertState.FIRING, 0.6, 0.5, T0, qkk.day(), null, null, T0, T0, null, null, null, null, T0);
        Alert pending = qkk.toBuilder().state(AlertState.PENDING).build();

        // when
        List<Alert> london = route.alerts(Receiver.webhook(LONDON), List.of(qkk, qhm, pending));
        List<Alert> forwarded = route.alerts(Receiver.alertmanager(), List.of(qkk, qhm, pending));

        // then
        assertThat(london).containsExactly(qkk);
        assertThat(forwarded).containsExactly(qkk, qhm, pending);
    }

    @Test
    void shouldRouteSilenceNoticesToAreaSubscribersButNotToEscalationContactsWhenASilenceNamesAnIcbOfTheArea() {
        // given
        Silence onQkk = StageFixtures.silence("QKK", T0, T0.plus(Duration.ofHours(1)));
        Silence onQhm = StageFixtures.silence("QHM", T0, T0.plus(Duration.ofHours(1)));

        // when / then
        assertThat(route.silences(Receiver.webhook(LONDON), List.of(onQkk, onQhm))).containsExactly(onQkk);
        assertThat(route.silences(Receiver.webhook(LONDON_ESCALATION), List.of(onQkk))).isEmpty();
        assertThat(route.silences(Receiver.alertmanager(), List.of(onQkk))).isEmpty();
    }
}
