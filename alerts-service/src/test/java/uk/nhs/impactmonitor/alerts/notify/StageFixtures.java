package uk.nhs.impactmonitor.alerts.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/** Alerts, receivers and an in-memory notification log for the tests of the notify pipeline's stages. */
final class StageFixtures {

    static final Instant T0 = Instant.parse("2024-08-02T09:00:00Z");
    static final LocalDate DAY = LocalDate.of(2024, 8, 1);
    static final Subscription LONDON = new Subscription(Subscription.SCHEMA_VERSION, "sub-london", "Y56",
            new Subscription.Webhook("https://receiver.example/hook", "london-secret"), null, false, "admin", T0.minus(Duration.ofDays(1)));
    static final Subscription LONDON_ESCALATION = new Subscription(Subscription.SCHEMA_VERSION, "sub-london-escalation", "Y56",
            new Subscription.Webhook("https://receiver.example/escalate", "escalation-secret"), null, true, "admin",
            T0.minus(Duration.ofDays(1)));
    static final Subscription LONDON_TEAMS = new Subscription(Subscription.SCHEMA_VERSION, "sub-london-teams", "Y56", null, null,
            new Subscription.Teams("https://prod-00.uksouth.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cret"), false,
            "admin", T0.minus(Duration.ofDays(1)));

    private StageFixtures() {
    }

    /** A firing participation alert of QKK (an ICB of London, Y56), started and last changed at {@code startsAt}. */
    static Alert firing(Severity severity, Instant startsAt) {
        String id = AlertIds.of("icb_participation", "QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null);
        return new Alert(AlertStateChange.SCHEMA_VERSION, id, "icb_participation", Indicator.PARTICIPATION_RATE,
                CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null, "QKK", severity, AlertState.FIRING, severity == Severity.CRITICAL ? 1.0 : 0.55,
                severity == Severity.CRITICAL ? 1.0 : 0.5, startsAt, DAY, null, null, startsAt, startsAt, null,
                severity == Severity.CRITICAL ? startsAt : null, null, null, startsAt);
    }

    static Silence silence(String area, Instant from, Instant until) {
        return new Silence(Silence.SCHEMA_VERSION, "silence-1", new Silence.Matchers(null, area, null), from, until, "duty manager",
                "LMC ballot day", from, null);
    }

    /** The notification log without Kafka: what a test says was sent, and what the record stage writes. */
    static final class MemoryLog extends NotificationLog {
        final Map<String, NotificationRecord> records = new HashMap<>();
        final List<NotificationRecord> written = new ArrayList<>();

        MemoryLog() {
            super(null);
        }

        @Override
        public Optional<NotificationRecord> find(String receiver, String item) {
            return Optional.ofNullable(records.get(NotificationRecord.key(receiver, item)));
        }

        @Override
        public void record(NotificationRecord record) {
            written.add(record);
            records.put(record.key(), record);
        }

        void sent(Receiver receiver, Alert alert, Instant at, int sends) {
            record(new NotificationRecord(NotificationRecord.SCHEMA_VERSION, receiver.id(), alert.alertId(), alert.state(), alert.severity(),
                    alert.startsAt(), at, sends));
            written.clear();
        }
    }
}
