package uk.nhs.impactmonitor.alerts.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.serialization.Serdes;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.alerts.rule.Basis;
import uk.nhs.impactmonitor.alerts.rule.DayJudge;
import uk.nhs.impactmonitor.alerts.rule.Horizon;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.JsonSerde;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * Keeps the indicator series the rules watch and the alerts they raise. Every change to an alert is written
 * to {@code impact-alerts} before it is believed here, so the topic is the alert and a restart reads it
 * back exactly. One lock: indicator records, acknowledgements and silences change alerts one at a time.
 * It also follows how far the monitor's reports reach ({@link Horizon}: the latest settled day S and the data
 * horizon H over all areas), from every report-based value it reads, replayed or live; neither ever moves back.
 * Rules on participation judge days up to S ({@link DayJudge}), so when S moves every participation series is
 * judged again: a planned breach fires once its first day settles.
 */
public class AlertEngine {

    /**
     * {@code impact-alerts} as alerts-service writes it: the contract's {@code AlertStateChange} plus the fields a
     * restart needs (readers of the contract ignore them). Compacted: the latest record per alert id is the alert.
     */
    public static final Topic<String, Alert> TOPIC = new Topic<>(Topics.IMPACT_ALERTS.name(), Serdes.String(),
            new JsonSerde<>(Alert.class, Alert::problems), Topic.Retention.COMPACT, true);

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);

    private final RuleBook rules;
    private final AlertsKafka kafka;
    private final SilenceLookup silences;
    private final Clock clock;
    private final int seriesDays;
    private final AlertTransitions latency;
    /** Kafka timestamp of the indicator record being judged, or {@link #NO_CAUSE}: what a transition's latency counts from. */
    private long cause = NO_CAUSE;
    private static final long NO_CAUSE = Long.MIN_VALUE;
    private final Map<SeriesKey, TreeMap<LocalDate, IndicatorValue>> series = new HashMap<>();
    private final Map<String, Alert> alerts = new HashMap<>();
    /** Per area, reporting completeness per working day: the basis some rules require (kept only if one does). */
    private final Map<String, TreeMap<LocalDate, IndicatorValue>> completeness = new HashMap<>();
    private final ActivityCalendar calendar;
    /** How far the reports reach, over all areas: monotonic, rebuilt by the replay (every value goes through {@link #remember}). */
    private Horizon horizon = Horizon.UNKNOWN;
    private volatile boolean ready;

    public AlertEngine(RuleBook rules, AlertsKafka kafka, SilenceLookup silences, Clock clock, int seriesDays) {
        this(rules, kafka, silences, clock, seriesDays, AlertTransitions.NONE);
    }

    public AlertEngine(RuleBook rules, AlertsKafka kafka, SilenceLookup silences, Clock clock, int seriesDays, AlertTransitions latency) {
        this(rules, kafka, silences, clock, seriesDays, latency, DayJudge.builtInCalendar());
    }

    /** @param calendar the working days: {@code reporting_completeness} exists on them only (indicators.md) */
    public AlertEngine(RuleBook rules, AlertsKafka kafka, SilenceLookup silences, Clock clock, int seriesDays, AlertTransitions latency,
                       ActivityCalendar calendar) {
        this.calendar = calendar;
        this.latency = latency;
        this.rules = rules;
        this.kafka = kafka;
        this.silences = silences;
        this.clock = clock;
        this.seriesDays = Math.max(seriesDays, rules.longestLookbackDays() + 1);
    }

    /** Reads every alert back from {@code impact-alerts}: before anything is evaluated. */
    public synchronized void restore() {
        ready = false;
        alerts.clear();
        alerts.putAll(kafka.readAll(TOPIC));
        log.info("Restored {} alert(s) from {}", alerts.size(), TOPIC.name());
    }

    /** Keeps a value without judging it: replaying the topic after a restart. */
    public synchronized boolean remember(IndicatorValue value) {
        rememberCompleteness(value);
        if (!Horizon.noticeBased(value.indicator()) && value.value() != null) {
            // every report-based value counts, watched by a rule or not: the horizon is the monitor's, not a series'
            horizon = horizon.seen(value.day(), value.provisional());
        }
        if (!rules.watches(value.indicator())) {
            return false;
        }
        SeriesKey key = SeriesKey.of(value);
        if (rules.rulesFor(key.area(), key.indicator(), key.action(), key.metric()).isEmpty()) {
            return false;
        }
        TreeMap<LocalDate, IndicatorValue> days = series.computeIfAbsent(key, k -> new TreeMap<>());
        if (value.value() == null) {
            // absent (after the data horizon, or no longer computable): no day to judge. Forgotten rather than kept,
            // so that absent days far ahead (a notice given weeks in advance) never push the days rules read out
            days.remove(value.day());
        } else {
            days.put(value.day(), value);
        }
        if (!days.isEmpty()) {
            // corrections of old days still land; only what no rule can read back any more is dropped. A notice-based
            // series is read back from the settled day, not from its latest planned day, which may lie weeks ahead
            LocalDate latestRead = days.lastKey();
            if (Horizon.noticeBased(key.indicator()) && horizon.settled() != null && horizon.settled().isBefore(latestRead)) {
                latestRead = horizon.settled();
            }
            days.headMap(latestRead.minusDays(seriesDays), false).clear();
        }
        return true;
    }

    /** As {@link #onIndicator(IndicatorValue)}, for a record stamped {@code recordTimestamp}: transitions it causes are timed from it. */
    public synchronized void onIndicator(IndicatorValue value, long recordTimestamp) {
        cause = recordTimestamp;
        try {
            onIndicator(value);
        } finally {
            cause = NO_CAUSE;
        }
    }

    /** A value arrived (new or a correction): judge every rule on its series (at the latest day each rule can use). */
    public synchronized void onIndicator(IndicatorValue value) {
        Horizon before = horizon;
        boolean watched = remember(value);
        if (!horizon.equals(before)) {
            // participation is judged up to S (H for rules including provisional values): a planned day may have settled
            for (SeriesKey key : List.copyOf(series.keySet())) {
                if (Horizon.noticeBased(key.indicator())) {
                    evaluate(key);
                }
            }
        }
        if (isCompletenessBasis(value)) {
            // the basis of every series of the area may have changed
            for (SeriesKey key : List.copyOf(series.keySet())) {
                if (key.area().equals(value.area()) && !key.equals(SeriesKey.of(value))) {
                    evaluate(key);
                }
            }
        }
        if (watched) {
            evaluate(SeriesKey.of(value));
        }
    }

    private boolean isCompletenessBasis(IndicatorValue value) {
        return value.indicator() == Indicator.REPORTING_COMPLETENESS && rules.needsReportingCompleteness();
    }

    private void rememberCompleteness(IndicatorValue value) {
        if (!isCompletenessBasis(value)) {
            return;
        }
        TreeMap<LocalDate, IndicatorValue> days = completeness.computeIfAbsent(value.area(), a -> new TreeMap<>());
        if (value.value() == null) {
            days.remove(value.day());
        } else {
            days.put(value.day(), value);
        }
        if (!days.isEmpty()) {
            days.headMap(days.lastKey().minusDays(seriesDays), false).clear();
        }
    }

    /** After the replay: judge every series once, against the alerts read back. */
    public synchronized void evaluateAll() {
        resolveOrphans();
        for (SeriesKey key : List.copyOf(series.keySet())) {
            evaluate(key);
        }
        ready = true;
    }

    /**
     * An active alert whose rule is no longer configured would never be judged again, and would repeat for ever:
     * it resolves, saying why.
     */
    private void resolveOrphans() {
        Instant now = clock.instant();
        for (Alert alert : List.copyOf(alerts.values())) {
            if (alert.state() != AlertState.RESOLVED && rules.rule(alert.rule()).isEmpty()) {
                log.warn("Alert {} of rule '{}' in {} resolves: the rule is no longer configured", alert.alertId(), alert.rule(), alert.area());
                save(alert.toBuilder().state(AlertState.RESOLVED).since(now).endsAt(now).transitionAt(now).changedAt(now).build());
            }
        }
    }

    private void evaluate(SeriesKey key) {
        NavigableMap<LocalDate, IndicatorValue> days = series.get(key);
        for (Rule rule : rules.rulesFor(key.area(), key.indicator(), key.action(), key.metric())) {
            String id = AlertIds.of(rule.name(), key.area(), key.action(), key.metric());
            Alert current = alerts.get(id);
            Instant now = clock.instant();
            Basis basis = basis(completeness.get(key.area()));
            Alert next = AlertLifecycle.evaluate(rule, key, days, basis, calendar, horizon, current, now);
            if (next != current && next != null) {
                next = next.toBuilder().silencedUntil(silences.silencedUntil(next, now)).build();
                save(next);
                if (current == null || current.state() != next.state() || current.severity() != next.severity()) {
                    if (cause != NO_CAUSE) {
                        latency.alertChanged(next, cause, now);
                    }
                    log.info("Alert {} {} {} {} in {}: {} {} (value {} on {}, threshold {})", id, rule.name(), key.indicator().id(),
                            key.action() == null ? "" : key.action(), key.area(), next.state(), next.severity(), next.value(), next.day(),
                            next.threshold());
                }
            }
        }
    }

    /**
     * The area's completeness standing for a day: that of the latest working day on or before it (completeness
     * exists on working days only), settled unless the rule includes provisional values; unknown when that working
     * day has none (yet).
     */
    private Basis basis(TreeMap<LocalDate, IndicatorValue> areaCompleteness) {
        if (areaCompleteness == null) {
            return Basis.UNKNOWN;
        }
        return new Basis() {
            @Override
            public Double reportingCompleteness(LocalDate day) {
                return reportingCompleteness(day, false);
            }

            @Override
            public Double reportingCompleteness(LocalDate day, boolean includeProvisional) {
                LocalDate working = day;
                // a bounded walk: at most a weekend and a few bank holidays lie between two working days
                for (int i = 0; i < 14 && !calendar.isWorkingDay(working); i++) {
                    working = working.minusDays(1);
                }
                IndicatorValue value = areaCompleteness.get(working);
                if (value == null || value.value() == null || (value.provisional() && !includeProvisional)) {
                    return null;
                }
                return value.value();
            }
        };
    }

    private void save(Alert alert) {
        kafka.write(TOPIC, alert.alertId(), alert);
        alerts.put(alert.alertId(), alert);
    }

    public synchronized Alert acknowledge(String alertId, String by, String comment) {
        Alert alert = alerts.get(alertId);
        Alert acknowledged = AlertLifecycle.acknowledge(alert, by, comment, clock.instant());
        save(acknowledged);
        log.info("Alert {} acknowledged by {}{}", alertId, by, comment == null ? "" : ": " + comment);
        return acknowledged;
    }

    /**
     * A silence was made or ended: alerts record until when a silence holds them ({@code silencedUntil}, for readers
     * of {@code impact-alerts}). Recording only: whether a notification is muted is the notify pipeline's decision.
     */
    public synchronized void refreshSilences() {
        Instant now = clock.instant();
        for (Alert alert : new ArrayList<>(alerts.values())) {
            if (alert.state() == AlertState.RESOLVED && alert.silencedUntil() == null) {
                continue;
            }
            Instant until = silences.silencedUntil(alert, now);
            if (!Objects.equals(until, alert.silencedUntil())) {
                save(alert.toBuilder().silencedUntil(until).changedAt(now).build());
            }
        }
    }

    /** The indicator value of the day the alert last judged, while the series still keeps that day. */
    public synchronized Optional<IndicatorValue> reading(Alert alert) {
        if (alert.day() == null) {
            return Optional.empty();
        }
        TreeMap<LocalDate, IndicatorValue> days = series.get(new SeriesKey(alert.area(), alert.indicator(), alert.action(), alert.metric()));
        return days == null ? Optional.empty() : Optional.ofNullable(days.get(alert.day()));
    }

    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    public synchronized Optional<Alert> find(String alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    /** How far the reports seen so far reach. */
    public synchronized Horizon horizon() {
        return horizon;
    }

    /** Whether the replay is over and every series has been judged once. */
    public boolean isReady() {
        return ready;
    }
}
