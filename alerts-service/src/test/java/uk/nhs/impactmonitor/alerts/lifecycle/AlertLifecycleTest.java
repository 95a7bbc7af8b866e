package uk.nhs.impactmonitor.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.alerts.lifecycle.Series.QKK_PARTICIPATION;
import static uk.nhs.impactmonitor.alerts.lifecycle.Series.at;

import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * Every transition of the alert state machine on hand-made sequences. Rule under test unless said otherwise:
 * WARNING at 0.5, CRITICAL at 0.8, clear under 0.4 (so critical-clear under 0.8 - (0.5 - 0.4) = 0.7).
 */
class AlertLifecycleTest {

    private static final Rule FOR_1 = Series.threshold(0.5, 0.8, 0.4, 1, 0);
    private static final Rule FOR_2 = Series.threshold(0.5, 0.8, 0.4, 2, 0);

    private static Alert evaluate(Rule rule, Series series, Alert current, int minute) {
        return AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.map(), current, at(minute));
    }

    @Test
    void shouldRaiseNothingWhenValueStaysUnderWarning() {
        // given
        Series series = new Series().day(1, 0.49);

        // when
        Alert alert = evaluate(FOR_1, series, null, 0);

        // then
        assertThat(alert).isNull();
    }

    @Test
    void shouldGoPendingWhenBreachIsShorterThanFor() {
        // given
        Series series = new Series().day(1, 0.6);

        // when
        Alert alert = evaluate(FOR_2, series, null, 0);

        // then
        assertThat(alert.state()).isEqualTo(AlertState.PENDING);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.value()).isEqualTo(0.6);
        assertThat(alert.threshold()).isEqualTo(0.5);
        assertThat(alert.startsAt()).isNull();
        assertThat(alert.alertId()).isEqualTo(AlertIds.of("participation", "QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null));
    }

    @Test
    void shouldFireWhenForConsecutiveDaysBreach() {
        // given: pending after day 1
        Series series = new Series().day(1, 0.6);
        Alert pending = evaluate(FOR_2, series, null, 0);

        // when: day 2 breaches too
        Alert firing = evaluate(FOR_2, series.day(2, 0.55), pending, 5);

        // then
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.WARNING);
        assertThat(firing.startsAt()).isEqualTo(at(5));
        assertThat(firing.since()).isEqualTo(at(5));
        assertThat(firing.day()).isEqualTo(Series.DAY_1.plusDays(1));
        assertThat(firing.value()).isEqualTo(0.55);
        assertThat(firing.alertId()).isEqualTo(pending.alertId());
    }

    @Test
    void shouldResolvePendingWithoutEverFiringWhenBreachEndsBeforeFor() {
        // given
        Series series = new Series().day(1, 0.6);
        Alert pending = evaluate(FOR_2, series, null, 0);

        // when
        Alert resolved = evaluate(FOR_2, series.day(2, 0.45), pending, 5);

        // then: 0.45 is over clear (0.4) but under warning: a pending alert needs a breach, not hysteresis
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.startsAt()).isNull();
    }

    @Test
    void shouldNotCountGapDayTowardsFor() {
        // given: days 1 and 3 breach, day 2 has no value at all
        Series series = new Series().day(1, 0.6).day(3, 0.6);

        // when
        Alert alert = evaluate(FOR_2, series, null, 0);

        // then
        assertThat(alert.state()).isEqualTo(AlertState.PENDING);
    }

    @Test
    void shouldEscalateToCriticalAndBackOnlyPastCriticalClear() {
        // given: firing WARNING
        Series series = new Series().day(1, 0.6);
        Alert warning = evaluate(FOR_1, series, null, 0);
        assertThat(warning.state()).isEqualTo(AlertState.FIRING);

        // when: 0.85 (>= 0.8), then 0.75 (not under 0.7), then 0.65 (under 0.7)
        Alert critical = evaluate(FOR_1, series.day(2, 0.85), warning, 10);
        Alert stillCritical = evaluate(FOR_1, series.day(3, 0.75), critical, 20);
        Alert backToWarning = evaluate(FOR_1, series.day(4, 0.65), stillCritical, 30);

        // then
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.threshold()).isEqualTo(0.8);
        assertThat(critical.criticalSince()).isEqualTo(at(10));
        assertThat(critical.transitionAt()).isEqualTo(at(10));
        assertThat(stillCritical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(stillCritical.value()).isEqualTo(0.75);
        assertThat(stillCritical.transitionAt()).isEqualTo(at(10));
        assertThat(backToWarning.severity()).isEqualTo(Severity.WARNING);
        assertThat(backToWarning.threshold()).isEqualTo(0.5);
        assertThat(backToWarning.transitionAt()).isEqualTo(at(30));
        // one alert throughout: same id, same episode
        assertThat(backToWarning.alertId()).isEqualTo(warning.alertId());
        assertThat(backToWarning.startsAt()).isEqualTo(warning.startsAt()).isEqualTo(at(0));
        assertThat(backToWarning.state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void shouldFireCriticalStraightAwayWhenFirstBreachIsCritical() {
        // given
        Series series = new Series().day(1, 0.9);

        // when
        Alert alert = evaluate(FOR_1, series, null, 0);

        // then
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.criticalSince()).isEqualTo(at(0));
    }

    @Test
    void shouldResolveOnlyWhenBackPastClearThreshold() {
        // given
        Series series = new Series().day(1, 0.6);
        Alert firing = evaluate(FOR_1, series, null, 0);

        // when: 0.45 is under warning but not under clear (0.4); 0.39 is
        Alert held = evaluate(FOR_1, series.day(2, 0.45), firing, 10);
        Alert resolved = evaluate(FOR_1, series.day(3, 0.39), held, 20);

        // then
        assertThat(held.state()).isEqualTo(AlertState.FIRING);
        assertThat(held.value()).isEqualTo(0.45);
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(at(20));
        assertThat(resolved.since()).isEqualTo(at(20));
        assertThat(resolved.startsAt()).isEqualTo(at(0));
    }

    @Test
    void shouldStartNewEpisodeWhenFiringAgainAfterResolve() {
        // given: fired, acknowledged, resolved
        Series series = new Series().day(1, 0.6);
        Alert firing = AlertLifecycle.acknowledge(evaluate(FOR_1, series, null, 0), "duty manager", "on it", at(1));
        Alert resolved = evaluate(FOR_1, series.day(2, 0.2), firing, 10);

        // when
        Alert again = evaluate(FOR_1, series.day(3, 0.7), resolved, 20);

        // then
        assertThat(again.state()).isEqualTo(AlertState.FIRING);
        assertThat(again.alertId()).isEqualTo(firing.alertId());
        assertThat(again.startsAt()).isEqualTo(at(20));
        assertThat(again.endsAt()).isNull();
        assertThat(again.acknowledgedBy()).isNull();
    }

    @Test
    void shouldChangeNothingWhenLatestValueIsNull() {
        // given
        Series series = new Series().day(1, 0.9);
        Alert firing = evaluate(FOR_1, series, null, 0);

        // when
        Alert after = evaluate(FOR_1, series.day(2, null), firing, 10);

        // then
        assertThat(after).isSameAs(firing);
    }

    @Test
    void shouldStaySilentWhenBasisIsUnderMinimum() {
        // given: minimum 50 practice-days; the value rests on 49
        Rule rule = Series.threshold(0.5, 0.8, 0.4, 1, 50);
        Series series = new Series().day(1, 0.95, 49);

        // when
        Alert thin = evaluate(rule, series, null, 0);
        Alert enough = evaluate(rule, series.day(1, 0.95, 50), null, 1);

        // then
        assertThat(thin).isNull();
        assertThat(enough.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldStaySilentUnlessAreaReportingCompletenessReachesMinimumOnThatDay() {
        // given: the rule needs at least 60% of the area's practices reporting on the value's day
        Rule rule = new Rule("complete", null, uk.nhs.impactmonitor.alerts.rule.RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null,
                null, uk.nhs.impactmonitor.alerts.rule.ScopeKind.ICB, null, uk.nhs.impactmonitor.alerts.rule.Direction.ABOVE, 0.5, 0.8, 0.4,
                null, 1, 0L, 0L, 0.6, null, null, null);
        Series series = new Series().day(1, 0.95);

        // when
        Alert unknown = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.map(), day -> null, null, at(0));
        Alert thin = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.map(), day -> 0.59, null, at(0));
        Alert enough = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.map(), day -> 0.6, null, at(0));

        // then
        assertThat(unknown).isNull();
        assertThat(thin).isNull();
        assertThat(enough.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldKeepFiringWhenClearingValueRestsOnThinBasis() {
        // given
        Rule rule = Series.threshold(0.5, 0.8, 0.4, 1, 50);
        Series series = new Series().day(1, 0.6, 100);
        Alert firing = evaluate(rule, series, null, 0);

        // when: a clearing value, but on 10 practice-days
        Alert after = evaluate(rule, series.day(2, 0.1, 10), firing, 10);

        // then
        assertThat(after).isSameAs(firing);
    }

    @Test
    void shouldJudgeLatestDayWhenValuesArriveOutOfOrder() {
        // given: day 2 arrives first (pending: day 1 unknown)
        Series series = new Series().day(2, 0.6);
        Alert pending = evaluate(FOR_2, series, null, 0);

        // when: day 1 arrives late
        Alert firing = evaluate(FOR_2, series.day(1, 0.7), pending, 5);

        // then: the latest day is still day 2, now with two breaching days behind it
        assertThat(pending.state()).isEqualTo(AlertState.PENDING);
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.day()).isEqualTo(Series.DAY_1.plusDays(1));
        assertThat(firing.value()).isEqualTo(0.6);
    }

    @Test
    void shouldFireWhenBreachingDaysAndLaterDaysInHysteresisBandArriveTogether() {
        // given: days 1-3 breach (0.6, 0.7, 0.6 >= warning 0.5) and days 4-5 sit between clear 0.4 and warning (0.45),
        // all arriving in one batch (impact-streams emits changed days in wall-clock batches): judged one at a time they
        // fire on day 2 and keep firing, as 0.45 is not back past clear
        Series series = new Series().day(1, 0.6).day(2, 0.7).day(3, 0.6).day(4, 0.45).day(5, 0.45);

        // when
        Alert alert = evaluate(FOR_2, series, null, 0);

        // then: what day-by-day arrival would have given, whatever the batching
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.day()).isEqualTo(Series.DAY_1.plusDays(4));
        assertThat(alert.value()).isEqualTo(0.45);
    }

    @Test
    void shouldFollowCorrectionOfLatestDay() {
        // given
        Series series = new Series().day(1, 0.6);
        Alert firing = evaluate(FOR_1, series, null, 0);

        // when: the same day is corrected to 0.3
        Alert corrected = evaluate(FOR_1, series.day(1, 0.3), firing, 5);

        // then
        assertThat(corrected.state()).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void shouldForgetAcknowledgementWhenEscalatingToCritical() {
        // given
        Series series = new Series().day(1, 0.6);
        Alert acknowledged = AlertLifecycle.acknowledge(evaluate(FOR_1, series, null, 0), "duty manager", null, at(1));
        Alert stillAcknowledged = evaluate(FOR_1, series.day(2, 0.7), acknowledged, 5);

        // when
        Alert critical = evaluate(FOR_1, series.day(3, 0.9), stillAcknowledged, 10);

        // then
        assertThat(acknowledged.acknowledgedBy()).isEqualTo("duty manager");
        assertThat(acknowledged.acknowledgedAt()).isEqualTo(at(1));
        assertThat(stillAcknowledged.acknowledgedBy()).isEqualTo("duty manager");
        assertThat(critical.acknowledgedBy()).isNull();
    }

    @Test
    void shouldReturnSameAlertWhenNothingReaderSeesChanged() {
        // given
        Series series = new Series().day(1, 0.6);
        Alert firing = evaluate(FOR_1, series, null, 0);

        // when: the same value again (e.g. a replay), later
        Alert again = evaluate(FOR_1, series.day(1, 0.6), firing, 30);

        // then
        assertThat(again).isSameAs(firing);
    }

    @Test
    void shouldAlarmOnFallWhenDirectionIsBelow() {
        // given: reporting completeness: WARNING at or under 0.6, CRITICAL at or under 0.4, clear over 0.7
        Rule rule = Series.below(Indicator.REPORTING_COMPLETENESS, 0.6, 0.4, 0.7);
        Series series = new Series().day(1, 0.55);

        // when
        Alert warning = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.map(), null, at(0));
        Alert critical = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.day(2, 0.4).map(), warning, at(1));
        Alert held = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.day(3, 0.65).map(), critical, at(2));
        Alert resolved = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.day(4, 0.71).map(), held, at(3));

        // then: critical-clear = 0.4 + (0.7 - 0.6) = 0.5, so 0.65 returns to WARNING without resolving
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(held.state()).isEqualTo(AlertState.FIRING);
        assertThat(held.severity()).isEqualTo(Severity.WARNING);
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    }
}
