package uk.nhs.impactmonitor.alerts.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Pipeline stage "render": what is due becomes one message in Alertmanager's webhook format (version 4), every
 * channel's common form (e-mail and Teams are written from it), with a dedup key per alert ({@link DedupKey}) and,
 * per item, the record the log keeps once it is delivered. Worked out from state alone (alert, log), so a message
 * sent again after a restart carries the same keys.
 */
public class Render {

    /** How the value's 95% interval of the day an alert judged is found, when it has one. */
    @FunctionalInterface
    public interface Readings {
        Readings NONE = alert -> Optional.empty();

        Optional<IndicatorValue> of(Alert alert);
    }

    /** One item of a message, and what the log records once it is delivered. */
    public record Item(WebhookMessage.WebhookAlert alert, NotificationRecord record, boolean ready) {
    }

    /** A message for one receiver, as planned at {@code plannedAt} (repeats count from then), with what the log records. */
    public record Notification(Receiver receiver, WebhookMessage message, List<NotificationRecord> records, Instant plannedAt) {
    }

    private final PracticeDirectory directory;
    private final RuleBook rules;
    private final String externalUrl;
    private final Readings readings;

    public Render(PracticeDirectory directory, RuleBook rules, String externalUrl, Readings readings) {
        this.directory = directory;
        this.rules = rules;
        this.externalUrl = externalUrl;
        this.readings = readings;
    }

    public Item alert(Receiver receiver, Dedup.Due due) {
        Alert alert = due.alert();
        WebhookMessage.WebhookAlert webhookAlert = webhookAlert(alert, receiver.escalation());
        if (receiver.subscription() != null) {
            // Alertmanager has its own dedup, and a key changing with every resend would only churn its annotations
            Instant transitionAt = alert.transitionAt() != null ? alert.transitionAt() : alert.changedAt();
            webhookAlert = withDedupKey(webhookAlert, DedupKey.of(groupKey(receiver), alert.alertId(), webhookAlert.status(),
                    alert.severity().name(), alert.startsAt(), transitionAt, due.sends()));
        }
        return new Item(webhookAlert, new NotificationRecord(NotificationRecord.SCHEMA_VERSION, receiver.id(), alert.alertId(), alert.state(),
                alert.severity(), alert.startsAt(), null, due.sends()), due.ready());
    }

    public Item silence(Receiver receiver, Dedup.Notice notice) {
        Silence silence = notice.silence();
        boolean ended = notice.ended();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ended ? "SilenceEnded" : "SilenceCreated");
        labels.put("silenceId", silence.silenceId());
        putIfPresent(labels, "area", silence.matchers().area());
        putIfPresent(labels, "rule", silence.matchers().rule());
        putIfPresent(labels, "indicator", silence.matchers().indicator());
        labels.put("severity", "info");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", (ended ? "Silence ended: " : "Silenced: ") + describe(silence.matchers()) + " by " + silence.by()
                + (ended ? " (was until " + silence.until() + ")" : " until " + silence.until())
                + (silence.comment() == null ? "" : ": " + silence.comment()));
        annotations.put("silencedBy", silence.by());
        putIfPresent(annotations, "comment", silence.comment());
        annotations.put("until", silence.until().toString());
        putIfPresent(annotations, "endedBy", silence.endedBy());
        WebhookMessage.WebhookAlert alert = new WebhookMessage.WebhookAlert(ended ? WebhookMessage.RESOLVED : WebhookMessage.FIRING, labels,
                annotations, silence.startsAt(), ended ? silence.until() : WebhookMessage.NOT_ENDED, externalUrl + "/api/v1/silences",
                "silence-" + silence.silenceId());
        alert = withDedupKey(alert, DedupKey.of(groupKey(receiver), notice.item(), alert.status(), "info", silence.startsAt(), null, 1));
        return new Item(alert, new NotificationRecord(NotificationRecord.SCHEMA_VERSION, receiver.id(), notice.item(), null, null,
                silence.startsAt(), null, 1), true);
    }

    /** The message of the items sent, saying how many more were due but left for the next one. */
    public Notification message(Receiver receiver, List<Item> items, int truncated, Instant plannedAt) {
        List<WebhookMessage.WebhookAlert> alerts = items.stream().map(Item::alert).toList();
        Map<String, String> groupLabels = new LinkedHashMap<>();
        if (receiver.subscription() != null) {
            groupLabels.put("area", receiver.subscription().area());
        }
        boolean anyFiring = alerts.stream().anyMatch(a -> WebhookMessage.FIRING.equals(a.status()));
        WebhookMessage message = new WebhookMessage(WebhookMessage.VERSION, groupKey(receiver), truncated,
                anyFiring ? WebhookMessage.FIRING : WebhookMessage.RESOLVED, receiver.id(), groupLabels,
                common(alerts.stream().map(WebhookMessage.WebhookAlert::labels).toList()),
                common(alerts.stream().map(WebhookMessage.WebhookAlert::annotations).toList()), externalUrl, alerts);
        return new Notification(receiver, message, items.stream().map(Item::record).toList(), plannedAt);
    }

    static String groupKey(Receiver receiver) {
        return "{}:{receiver=\"" + receiver.id() + "\"}";
    }

    WebhookMessage.WebhookAlert webhookAlert(Alert alert, boolean escalation) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alert.rule());
        labels.put("area", alert.area());
        labels.put("indicator", alert.indicator().id());
        if (alert.action() != null) {
            labels.put("action", alert.action().name());
        }
        if (alert.metric() != null) {
            labels.put("metric", alert.metric().id());
        }
        labels.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        Map<String, String> annotations = new LinkedHashMap<>();
        String areaName = directory.area(alert.area()).map(a -> a.name()).orElse(alert.area());
        // a rule judging a bound of the interval fired on that bound: the alert's value is it, and the summary says so
        String judged = rules.rule(alert.rule()).map(r -> switch (r.judge()) {
            case VALUE -> "";
            case LOW -> " (low end of its 95% interval)";
            case HIGH -> " (high end of its 95% interval)";
        }).orElse("");
        annotations.put("summary", alert.indicator().id() + (alert.action() == null ? "" : "{" + alert.action().name()
                + (alert.metric() == null ? "" : ", " + alert.metric().id()) + "}") + judged + " is " + alert.value() + " in " + areaName
                + " on " + alert.day() + " (" + alert.severity() + " threshold " + alert.threshold() + ")");
        rules.rule(alert.rule()).map(r -> r.rationale()).ifPresent(rationale -> annotations.put("description", rationale));
        annotations.put("alertId", alert.alertId());
        annotations.put("areaName", areaName);
        annotations.put("value", String.valueOf(alert.value()));
        // the interval of the day judged, when the indicator has one: a planner weighs a value by it
        readings.of(alert).filter(r -> r.low() != null && r.high() != null).ifPresent(r -> {
            annotations.put("low", String.valueOf(r.low()));
            annotations.put("high", String.valueOf(r.high()));
        });
        annotations.put("threshold", String.valueOf(alert.threshold()));
        annotations.put("day", String.valueOf(alert.day()));
        putIfPresent(annotations, "acknowledgedBy", alert.acknowledgedBy());
        if (escalation) {
            annotations.put("escalation", "CRITICAL and unacknowledged since " + alert.criticalSince());
        }
        boolean firing = alert.state() == AlertState.FIRING;
        return new WebhookMessage.WebhookAlert(firing ? WebhookMessage.FIRING : WebhookMessage.RESOLVED, labels, annotations, alert.startsAt(),
                firing ? WebhookMessage.NOT_ENDED : alert.endsAt(), externalUrl + "/api/v1/alerts?area=" + alert.area(), alert.alertId());
    }

    private static WebhookMessage.WebhookAlert withDedupKey(WebhookMessage.WebhookAlert alert, String key) {
        Map<String, String> annotations = new LinkedHashMap<>(alert.annotations());
        annotations.put(DedupKey.ANNOTATION, key);
        return new WebhookMessage.WebhookAlert(alert.status(), alert.labels(), annotations, alert.startsAt(), alert.endsAt(),
                alert.generatorURL(), alert.fingerprint());
    }

    private static String describe(Silence.Matchers m) {
        List<String> parts = new ArrayList<>();
        if (m.rule() != null) {
            parts.add("rule=" + m.rule());
        }
        if (m.area() != null) {
            parts.add("area=" + m.area());
        }
        if (m.indicator() != null) {
            parts.add("indicator=" + m.indicator());
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        Map<String, String> common = new LinkedHashMap<>(maps.isEmpty() ? Map.of() : maps.get(0));
        for (Map<String, String> m : maps) {
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return common;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
