package uk.nhs.impactmonitor.alerts.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.alerts.config.AlertsProperties;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.metrics.PipelineLatency;
import uk.nhs.impactmonitor.alerts.notify.DedupKey;
import uk.nhs.impactmonitor.alerts.notify.Deliverer;
import uk.nhs.impactmonitor.alerts.notify.Receiver;
import uk.nhs.impactmonitor.alerts.notify.WebhookMessage;
import uk.nhs.impactmonitor.alerts.notify.WebhookMessage.WebhookAlert;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/**
 * The notification pipeline, after Alertmanager's: on every tick, for each receiver, route (the alerts of its
 * area and the ICBs inside it) → mute (silences) → dedup against the notification log (new episode, changed
 * state or severity, or a repeat due for an unacknowledged firing alert) → group (everything due for one
 * receiver travels in one message, once the newest change has waited {@code group-wait}) → deliver with
 * retries off this thread → record in the log. Escalation receivers hear only of CRITICAL alerts left
 * unacknowledged for {@code escalate-after}. The plan is worked out from state alone (alerts, silences, log),
 * so a restart picks up exactly where the last run stopped.
 */
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_ALERTS_PER_MESSAGE = 100;

    private final AlertEngine engine;
    private final SubscriptionStore subscriptions;
    private final SilenceStore silences;
    private final NotificationLog notificationLog;
    private final Deliverer deliverer;
    private final AlertsProperties properties;
    private final PracticeDirectory directory;
    private final RuleBook rules;
    private final Clock clock;
    private final ExecutorService deliveries;
    private final PipelineLatency latency;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

    public Dispatcher(AlertEngine engine, SubscriptionStore subscriptions, SilenceStore silences, NotificationLog notificationLog,
                      Deliverer deliverer, AlertsProperties properties, PracticeDirectory directory, RuleBook rules, Clock clock,
                      ExecutorService deliveries) {
        this(engine, subscriptions, silences, notificationLog, deliverer, properties, directory, rules, clock, deliveries, PipelineLatency.none());
    }

    public Dispatcher(AlertEngine engine, SubscriptionStore subscriptions, SilenceStore silences, NotificationLog notificationLog,
                      Deliverer deliverer, AlertsProperties properties, PracticeDirectory directory, RuleBook rules, Clock clock,
                      ExecutorService deliveries, PipelineLatency latency) {
        this.latency = latency;
        this.engine = engine;
        this.subscriptions = subscriptions;
        this.silences = silences;
        this.notificationLog = notificationLog;
        this.deliverer = deliverer;
        this.properties = properties;
        this.directory = directory;
        this.rules = rules;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    /** One item of a message, and what the log records once it is delivered. */
    record Item(WebhookAlert alert, NotificationRecord record, boolean ready) {
    }

    public void tick() {
        if (!engine.isReady()) {
            return;
        }
        try {
            runPipeline();
        } finally {
            ticks.incrementAndGet();
        }
    }

    /**
     * Waits, at most {@code grace}, until no delivery is in flight: a stop calls it once no new delivery can be
     * planned, so what is under way is finished and recorded rather than interrupted and sent again after the restart.
     *
     * @return whether nothing is in flight any more
     */
    public boolean awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("Stopping with {} delivery(ies) in flight after {}: they may be sent again after the restart (same dedupKey)",
                        inFlight.size(), grace);
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Completed ticks: lets a caller know the dispatcher has looked at the state since a given moment. */
    public long ticks() {
        return ticks.get();
    }

    private void runPipeline() {
        // silences that ended since the last tick unmute their alerts before anything is planned
        engine.refreshSilences();
        Instant now = clock.instant();
        List<Alert> alerts = engine.alerts().stream()
                .sorted(Comparator.comparing(Alert::area).thenComparing(Alert::rule).thenComparing(Alert::alertId)).toList();
        for (Subscription subscription : subscriptions.all()) {
            if (subscription.webhook() != null) {
                dispatch(Receiver.webhook(subscription), alerts, now);
            }
            if (subscription.email() != null) {
                dispatch(Receiver.email(subscription), alerts, now);
            }
        }
        if (properties.alertmanager().enabled()) {
            dispatch(Receiver.alertmanager(), alerts, now);
        }
    }

    private void dispatch(Receiver receiver, List<Alert> alerts, Instant now) {
        try {
            dispatchOne(receiver, alerts, now);
        } catch (RuntimeException e) {
            // one receiver's trouble (say, its log record unwritable just now) must not silence the others
            log.error("Dispatch to {} failed this tick: {}", receiver.id(), e.toString(), e);
        }
    }

    private void dispatchOne(Receiver receiver, List<Alert> alerts, Instant now) {
        if (inFlight.contains(receiver.id()) || now.isBefore(notBefore.getOrDefault(receiver.id(), Instant.MIN))) {
            return;
        }
        List<Item> items = receiver.subscription() == null ? planForwarding(receiver, alerts, now) : plan(receiver, alerts, now);
        if (items.stream().noneMatch(Item::ready)) {
            return;
        }
        List<Item> sent = items.size() > MAX_ALERTS_PER_MESSAGE ? items.subList(0, MAX_ALERTS_PER_MESSAGE) : items;
        WebhookMessage message = message(receiver, sent, items.size() - sent.size());
        log.debug("Sending {} item(s) to {}", sent.size(), receiver.id());
        inFlight.add(receiver.id());
        try {
            deliveries.execute(() -> deliver(receiver, message, sent, now));
        } catch (RuntimeException e) {
            inFlight.remove(receiver.id());
            log.warn("Could not schedule delivery to {}: {}", receiver.id(), e.getMessage());
        }
    }

    /** Repeats count from {@code plannedAt}, as Alertmanager's log counts from its pipeline run: not from whenever retries ended. */
    private void deliver(Receiver receiver, WebhookMessage message, List<Item> items, Instant plannedAt) {
        try {
            if (deliverer.deliver(receiver, message)) {
                Instant deliveredAt = clock.instant();
                for (Item item : items) {
                    latency.delivered(receiver.channel(), item.record(), deliveredAt);
                }
                Instant sentAt = plannedAt;
                for (Item item : items) {
                    NotificationRecord r = item.record();
                    notificationLog.record(new NotificationRecord(r.schemaVersion(), r.receiver(), r.item(), r.state(), r.severity(),
                            r.startsAt(), sentAt, r.sends()));
                }
                notBefore.remove(receiver.id());
            } else {
                // nothing recorded, so the next tick after the pause plans the same message again
                notBefore.put(receiver.id(), clock.instant().plus(properties.delivery().maxBackoff()));
            }
        } catch (RuntimeException e) {
            log.error("Delivery to {} broke: {}", receiver.id(), e.toString(), e);
            notBefore.put(receiver.id(), clock.instant().plus(properties.delivery().maxBackoff()));
        } finally {
            inFlight.remove(receiver.id());
        }
    }

    /** Route, mute and dedup for a subscription's receiver. */
    List<Item> plan(Receiver receiver, List<Alert> alerts, Instant now) {
        Subscription subscription = receiver.subscription();
        Duration groupWait = properties.groupWait();
        List<Item> items = new ArrayList<>();
        for (Alert alert : alerts) {
            if (alert.state() == AlertState.PENDING || !directory.isWithin(alert.area(), subscription.area())
                    || silences.silencedUntil(alert, now) != null) {
                continue;
            }
            NotificationRecord previous = notificationLog.find(receiver.id(), alert.alertId()).orElse(null);
            Instant changed = alert.transitionAt() != null ? alert.transitionAt() : alert.changedAt() != null ? alert.changedAt() : Instant.EPOCH;
            boolean settled = !now.isBefore(changed.plus(groupWait));
            if (alert.state() == AlertState.FIRING) {
                boolean newEpisode = previous == null || !Objects.equals(previous.startsAt(), alert.startsAt());
                if (newEpisode) {
                    if (!subscription.escalation()) {
                        items.add(item(receiver, alert, 1, settled));
                    } else if (escalationDue(alert, now)) {
                        items.add(item(receiver, alert, 1, true));
                    }
                } else if (previous.state() != AlertState.FIRING || previous.severity() != alert.severity()) {
                    items.add(item(receiver, alert, 1, settled));
                } else if (!alert.isAcknowledged() && !now.isBefore(previous.sentAt().plus(properties.repeatInterval()))) {
                    items.add(item(receiver, alert, previous.sends() + 1, true));
                }
            } else if (previous != null && previous.state() == AlertState.FIRING && Objects.equals(previous.startsAt(), alert.startsAt())) {
                items.add(item(receiver, alert, 1, settled));
            }
        }
        if (!subscription.escalation()) {
            for (Silence silence : silences.all()) {
                silenceNotices(receiver, silence, now, items);
            }
        }
        return items;
    }

    /** Forwarding to Alertmanager: everything, unmuted (it has its own silences), resent before it times out. */
    List<Item> planForwarding(Receiver receiver, List<Alert> alerts, Instant now) {
        List<Item> items = new ArrayList<>();
        for (Alert alert : alerts) {
            NotificationRecord previous = notificationLog.find(receiver.id(), alert.alertId()).orElse(null);
            if (alert.state() == AlertState.FIRING) {
                if (previous == null || !Objects.equals(previous.startsAt(), alert.startsAt()) || previous.state() != AlertState.FIRING
                        || previous.severity() != alert.severity()) {
                    items.add(item(receiver, alert, 1, true));
                } else if (!now.isBefore(previous.sentAt().plus(properties.alertmanager().resendInterval()))) {
                    items.add(item(receiver, alert, previous.sends() + 1, true));
                }
            } else if (alert.state() == AlertState.RESOLVED && previous != null && previous.state() == AlertState.FIRING
                    && Objects.equals(previous.startsAt(), alert.startsAt())) {
                items.add(item(receiver, alert, 1, true));
            }
        }
        return items;
    }

    private boolean escalationDue(Alert alert, Instant now) {
        return alert.severity() == Severity.CRITICAL && !alert.isAcknowledged() && alert.criticalSince() != null
                && !now.isBefore(alert.criticalSince().plus(properties.escalateAfter()));
    }

    /** Tell the area's subscribers when a silence is made and when it ends (only news after they subscribed). */
    private void silenceNotices(Receiver receiver, Silence silence, Instant now, List<Item> items) {
        Subscription subscription = receiver.subscription();
        String area = silence.matchers().area();
        if (area != null && !directory.isWithin(area, subscription.area()) && !directory.isWithin(subscription.area(), area)) {
            return;
        }
        String created = "silence/" + silence.silenceId() + "/created";
        if (!subscription.createdAt().isAfter(silence.createdAt()) && notificationLog.find(receiver.id(), created).isEmpty()) {
            items.add(silenceItem(receiver, silence, created, false));
        }
        String ended = "silence/" + silence.silenceId() + "/ended";
        if (silence.hasEndedAt(now) && !subscription.createdAt().isAfter(silence.until())
                && notificationLog.find(receiver.id(), ended).isEmpty()) {
            items.add(silenceItem(receiver, silence, ended, true));
        }
    }

    private Item silenceItem(Receiver receiver, Silence silence, String item, boolean ended) {
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
        WebhookAlert alert = new WebhookAlert(ended ? WebhookMessage.RESOLVED : WebhookMessage.FIRING, labels, annotations,
                silence.startsAt(), ended ? silence.until() : WebhookMessage.NOT_ENDED,
                properties.externalUrl() + "/api/v1/silences", "silence-" + silence.silenceId());
        alert = withDedupKey(alert, DedupKey.of(groupKey(receiver), item, alert.status(), "info", silence.startsAt(), null, 1));
        return new Item(alert, new NotificationRecord(NotificationRecord.SCHEMA_VERSION, receiver.id(), item, null, null,
                silence.startsAt(), null, 1), true);
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

    private Item item(Receiver receiver, Alert alert, int sends, boolean ready) {
        WebhookAlert webhookAlert = webhookAlert(alert, receiver.subscription() != null && receiver.subscription().escalation());
        if (receiver.subscription() != null) {
            // Alertmanager has its own dedup, and a key changing with every resend would only churn its annotations
            Instant transitionAt = alert.transitionAt() != null ? alert.transitionAt() : alert.changedAt();
            webhookAlert = withDedupKey(webhookAlert, DedupKey.of(groupKey(receiver), alert.alertId(), webhookAlert.status(),
                    alert.severity().name(), alert.startsAt(), transitionAt, sends));
        }
        return new Item(webhookAlert,
                new NotificationRecord(NotificationRecord.SCHEMA_VERSION, receiver.id(), alert.alertId(), alert.state(), alert.severity(),
                        alert.startsAt(), null, sends), ready);
    }

    private static WebhookAlert withDedupKey(WebhookAlert alert, String key) {
        Map<String, String> annotations = new LinkedHashMap<>(alert.annotations());
        annotations.put(DedupKey.ANNOTATION, key);
        return new WebhookAlert(alert.status(), alert.labels(), annotations, alert.startsAt(), alert.endsAt(), alert.generatorURL(),
                alert.fingerprint());
    }

    static String groupKey(Receiver receiver) {
        return "{}:{receiver=\"" + receiver.id() + "\"}";
    }

    WebhookAlert webhookAlert(Alert alert, boolean escalation) {
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
        annotations.put("threshold", String.valueOf(alert.threshold()));
        annotations.put("day", String.valueOf(alert.day()));
        putIfPresent(annotations, "acknowledgedBy", alert.acknowledgedBy());
        if (escalation) {
            annotations.put("escalation", "CRITICAL and unacknowledged since " + alert.criticalSince());
        }
        boolean firing = alert.state() == AlertState.FIRING;
        return new WebhookAlert(firing ? WebhookMessage.FIRING : WebhookMessage.RESOLVED, labels, annotations, alert.startsAt(),
                firing ? WebhookMessage.NOT_ENDED : alert.endsAt(),
                properties.externalUrl() + "/api/v1/alerts?area=" + alert.area(), alert.alertId());
    }

    private WebhookMessage message(Receiver receiver, List<Item> items, int truncated) {
        List<WebhookAlert> alerts = items.stream().map(Item::alert).toList();
        Map<String, String> groupLabels = new LinkedHashMap<>();
        if (receiver.subscription() != null) {
            groupLabels.put("area", receiver.subscription().area());
        }
        String groupKey = groupKey(receiver);
        boolean anyFiring = alerts.stream().anyMatch(a -> WebhookMessage.FIRING.equals(a.status()));
        return new WebhookMessage(WebhookMessage.VERSION, groupKey, truncated, anyFiring ? WebhookMessage.FIRING : WebhookMessage.RESOLVED,
                receiver.id(), groupLabels, common(alerts.stream().map(WebhookAlert::labels).toList()),
                common(alerts.stream().map(WebhookAlert::annotations).toList()), properties.externalUrl(), alerts);
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
