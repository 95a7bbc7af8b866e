package uk.nhs.impactmonitor.alerts.lifecycle;

import java.time.Instant;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Objects;
import uk.nhs.impactmonitor.alerts.rule.Basis;
import uk.nhs.impactmonitor.alerts.rule.DayJudge;
import uk.nhs.impactmonitor.alerts.rule.DayReading;
import uk.nhs.impactmonitor.alerts.rule.Horizon;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * The alert state machine, pure: given a rule, the series it watches and the alert as it stands, what the
 * alert becomes. It judges the latest day of the series the rule can use ({@link DayJudge}: present, settled
 * unless the rule includes provisional values, with the number it judges and its minimum basis, and, for
 * participation, no later than the monitor's latest settled day), whatever order the values came in; the alert's
 * {@code day} is that day. Every usable day after the one the alert last judged is judged first, oldest first
 * ({@link DayJudge#usableReadings}), so values batched together give the alert they would have given one by one.
 * <ul>
 * <li>no alert / RESOLVED → PENDING when the judged day breaches but fewer than {@code for} days in a row do;
 *     → FIRING when {@code for} consecutive days up to the judged day breach (a new episode: new {@code startsAt},
 *     acknowledgement forgotten).</li>
 * <li>PENDING → FIRING as above; → RESOLVED (never having fired, so never notified) when the judged day no
 *     longer breaches.</li>
 * <li>FIRING: WARNING → CRITICAL as soon as the judged day reaches the critical threshold (an acknowledgement
 *     covers the severity it was given at, so it is forgotten); CRITICAL → WARNING only once back past the
 *     critical-clear threshold; → RESOLVED only once back past the clear threshold (hysteresis: a value
 *     flapping around the threshold keeps one alert firing instead of a storm).</li>
 * <li>Days with no data (absent after the horizon, provisional, null, thin basis, incomplete EARS baseline) are
 *     never judged, so they change nothing: the day judged stays the latest one that has data.</li>
 * </ul>
 */
public final class AlertLifecycle {

    private AlertLifecycle() {
    }

    /**
     * @return the alert after this evaluation; the very same instance (or {@code null}) when nothing a
     *         reader sees has changed, so the caller writes nothing
     */
    public static Alert evaluate(Rule rule, SeriesKey key, NavigableMap<LocalDate, IndicatorValue> series, Alert current, Instant now) {
        return evaluate(rule, key, series, Basis.UNKNOWN, current, now);
    }

    /** @param basis the area's reporting completeness per day, for rules with a minimum of it */
    public static Alert evaluate(Rule rule, SeriesKey key, NavigableMap<LocalDate, IndicatorValue> series, Basis basis, Alert current,
                                 Instant now) {
        return evaluate(rule, key, series, basis, DayJudge.builtInCalendar(), current, now);
    }

    /** @param calendar working days, for indicators defined on working days only */
    public static Alert evaluate(Rule rule, SeriesKey key, NavigableMap<LocalDate, IndicatorValue> series, Basis basis,
                                 ActivityCalendar calendar, Alert current, Instant now) {
        return evaluate(rule, key, series, basis, calendar, Horizon.UNKNOWN, current, now);
    }

    /** @param horizon how far the monitor's reports reach: a notice-based series is judged up to its settled day */
    public static Alert evaluate(Rule rule, SeriesKey key, NavigableMap<LocalDate, IndicatorValue> series, Basis basis,
                                 ActivityCalendar calendar, Horizon horizon, Alert current, Instant now) {
        DayJudge judge = DayJudge.over(rule, key.indicator(), series, basis, calendar, horizon);
        DayReading latest = judge.judgedReading();
        if (latest == null) {
            return current;
        }
        // Catch up: every usable day after the last one this alert judged, in order, up to the latest. Values of many
        // days become usable at once (impact-streams emits changed days in wall-clock batches, and S moves several days
        // at a time when the service lags or replays), and judging only the latest of them would make the alert depend
        // on how the values were batched: an ICB three weeks over the warning threshold whose latest day sits in the
        // hysteresis band never fired. Judged day by day, the alert is what it would have been had each day come alone.
        LocalDate after = current == null ? null : current.day();
        Alert next = current;
        for (DayReading reading : judge.usableReadings(after, latest.day())) {
            next = step(rule, key, judge, reading, next, now);
        }
        boolean wasActive = current != null && current.state() != AlertState.RESOLVED;
        if (next == current || sameAsSeen(current, next) || !wasActive && next.state() == AlertState.RESOLVED) {
            // nothing a reader sees has changed, or an episode began and ended within the days caught up: no one was told
            return current;
        }
        return next.toBuilder().changedAt(now).build();
    }

    /** One day's verdict on the alert as it stands; {@code current} itself (or null) when the day changes nothing. */
    private static Alert step(Rule rule, SeriesKey key, DayJudge judge, DayReading reading, Alert current, Instant now) {
        LocalDate judged = reading.day();
        boolean active = current != null && current.state() != AlertState.RESOLVED;
        Alert next;
        if (!active) {
            if (!reading.breaches()) {
                return current;
            }
            Alert base = current != null ? current : newAlert(rule, key, reading, now);
            next = judge.breachRun(judged) >= rule.forDays() ? fire(rule, base, reading, now) : pend(rule, base, reading, now);
        } else if (current.state() == AlertState.PENDING) {
            if (!reading.breaches()) {
                next = current.toBuilder().state(AlertState.RESOLVED).since(now).endsAt(now).transitionAt(now)
                        .value(reading.value()).day(judged).build();
            } else if (judge.breachRun(judged) >= rule.forDays()) {
                next = fire(rule, current, reading, now);
            } else {
                next = observe(rule, current.toBuilder().severity(reading.level()), reading);
            }
        } else {
            next = firing(rule, current, reading, now);
        }
        return next;
    }

    /** Acknowledged: repeats stop and escalation does not happen; who and why are kept. */
    public static Alert acknowledge(Alert alert, String by, String comment, Instant now) {
        return alert.toBuilder().acknowledged(by, now, comment).changedAt(now).build();
    }

    private static Alert firing(Rule rule, Alert current, DayReading reading, Instant now) {
        if (reading.clearsWarning()) {
            return current.toBuilder().state(AlertState.RESOLVED).since(now).endsAt(now).transitionAt(now)
                    .value(reading.value()).day(reading.day()).build();
        }
        Alert.Builder next = current.toBuilder();
        if (current.severity() == Severity.WARNING && reading.level() == Severity.CRITICAL) {
            next.severity(Severity.CRITICAL).criticalSince(now).transitionAt(now).acknowledged(null, null, null);
        } else if (current.severity() == Severity.CRITICAL && reading.clearsCritical()) {
            next.severity(Severity.WARNING).transitionAt(now);
        }
        return observe(rule, next, reading);
    }

    private static Alert fire(Rule rule, Alert base, DayReading reading, Instant now) {
        return observe(rule, base.toBuilder()
                .state(AlertState.FIRING).severity(reading.level()).since(now).startsAt(now).endsAt(null)
                .criticalSince(reading.level() == Severity.CRITICAL ? now : null)
                .acknowledged(null, null, null).transitionAt(now), reading);
    }

    private static Alert pend(Rule rule, Alert base, DayReading reading, Instant now) {
        return observe(rule, base.toBuilder()
                .state(AlertState.PENDING).severity(reading.level()).since(now).startsAt(null).endsAt(null).criticalSince(null)
                .acknowledged(null, null, null).transitionAt(now), reading);
    }

    /** Records the day's value and the threshold of the severity the alert now has. */
    private static Alert observe(Rule rule, Alert.Builder next, DayReading reading) {
        Alert draft = next.value(reading.value()).day(reading.day()).build();
        return draft.toBuilder().threshold(thresholdOf(rule, draft.severity(), reading)).build();
    }

    private static Double thresholdOf(Rule rule, Severity severity, DayReading reading) {
        if (rule.type() == RuleType.THRESHOLD) {
            return severity == Severity.CRITICAL ? rule.critical() : rule.warning();
        }
        return reading.threshold();
    }

    private static Alert newAlert(Rule rule, SeriesKey key, DayReading reading, Instant now) {
        return new Alert(AlertStateChange.SCHEMA_VERSION, AlertIds.of(rule.name(), key.area(), key.action(), key.metric()), rule.name(),
                key.indicator(), key.action(), key.metric(), key.area(), reading.level(), AlertState.PENDING, reading.value(), null, now,
                reading.day(), null, null, now, null, null, null, null, null, now);
    }

    private static boolean sameAsSeen(Alert a, Alert b) {
        return a != null && b != null && a.state() == b.state() && a.severity() == b.severity()
                && Objects.equals(a.value(), b.value()) && Objects.equals(a.threshold(), b.threshold())
                && Objects.equals(a.day(), b.day()) && Objects.equals(a.startsAt(), b.startsAt());
    }
}
