package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.LONDON_TEAMS;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.T0;
import static uk.nhs.impactmonitor.alerts.notify.StageFixtures.firing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.metrics.PipelineLatency;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.support.AlertsSettings;
import uk.nhs.impactmonitor.alerts.support.ShippedRules;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;

/** The stages in their order, for a Teams receiver as for a webhook: the same plan, muted by the same silence, recorded once delivered. */
class NotifyPipelineTest {

    private static final PracticeDirectory DIRECTORY = SyntheticDirectory.build();
    private static final Instant NOW = T0.plus(Duration.ofMinutes(5));

    private final StageFixtures.MemoryLog log = new StageFixtures.MemoryLog();
    private final List<Receiver> delivered = new java.util.ArrayList<>();

    private NotifyPipeline pipeline(List<Silence> silences) {
        Channel recording = new Channel() {
            @Override
            public String name() {
                return Receiver.TEAMS;
            }

            @Override
            public void deliver(Receiver receiver, WebhookMessage message) {
                delivered.add(receiver);
            }
        };
        DeliveryProperties delivery = AlertsSettings.defaults().delivery();
        return new NotifyPipeline(new Route(DIRECTORY),
                new Mute((alert, now) -> silences.stream().filter(s -> s.isActiveAt(now) && s.matches(alert)).map(Silence::until)
                        .max(Instant::compareTo).orElse(null), log, Duration.ofMinutes(30)),
                new Dedup(log, Duration.ofSeconds(30), Duration.ofHours(4), Duration.ofMinutes(1)),
                new Render(DIRECTORY, new RuleBook(ShippedRules.load(), DIRECTORY), "http://alerts.example", Render.Readings.NONE),
                new Deliverer(Map.of(Receiver.TEAMS, recording), delivery, new SimpleMeterRegistry()),
                new Record(log, PipelineLatency.none(), Clock.fixed(NOW.plusSeconds(2), ZoneOffset.UTC)));
    }

    @Test
    void shouldPlanTheSameAlertForTeamsAsForWebhookAndRecordItOnceDeliveredWhenNothingMutesIt() {
        // given
        NotifyPipeline pipeline = pipeline(List.of());
        Alert alert = firing(Severity.WARNING, T0);

        // when
        Optional<Render.Notification> teams = pipeline.plan(Receiver.teams(LONDON_TEAMS), List.of(alert), List.of(), NOW);
        Optional<Render.Notification> webhook = pipeline.plan(Receiver.webhook(LONDON), List.of(alert), List.of(), NOW);
        boolean sent = pipeline.deliver(teams.orElseThrow());

        // then
        assertThat(teams.orElseThrow().message().alerts()).extracting(WebhookMessage.WebhookAlert::fingerprint).containsExactly(alert.alertId());
        assertThat(webhook.orElseThrow().message().alerts()).extracting(WebhookMessage.WebhookAlert::fingerprint)
                .containsExactly(alert.alertId());
        assertThat(sent).isTrue();
        assertThat(log.written).extracting(NotificationRecord::receiver, NotificationRecord::item, NotificationRecord::sentAt, NotificationRecord::sends)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sub-london-teams/teams", alert.alertId(), NOW, 1));
        assertThat(pipeline.plan(Receiver.teams(LONDON_TEAMS), List.of(alert), List.of(), NOW.plusSeconds(5))).isEmpty();
    }

    @Test
    void shouldSendTeamsNothingButTheSilenceNoticeWhenASilenceHoldsTheAlert() {
        // given: QKK silenced since T0 for an hour
        Silence silence = StageFixtures.silence("QKK", T0, T0.plus(Duration.ofHours(1)));
        NotifyPipeline pipeline = pipeline(List.of(silence));

        // when
        Optional<Render.Notification> plan = pipeline.plan(Receiver.teams(LONDON_TEAMS), List.of(firing(Severity.WARNING, T0)),
                List.of(silence), NOW);

        // then
        assertThat(plan.orElseThrow().message().alerts()).extracting(a -> a.labels().get("alertname")).containsExactly("SilenceCreated");
    }
}
