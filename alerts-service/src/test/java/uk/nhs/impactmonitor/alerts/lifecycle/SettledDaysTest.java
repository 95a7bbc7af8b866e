package uk.nhs.impactmonitor.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngineTest.RecordingKafka;
import uk.nhs.impactmonitor.alerts.rule.Direction;
import uk.nhs.impactmonitor.alerts.rule.Judge;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.alerts.rule.ScopeKind;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.support.ShippedRules;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Rules judge settled days (indicators.md version 2, api.md): values after the data horizon H are absent and
 * values of its last L = 3 days are provisional; neither raises nor clears anything. August 2024: Friday 23,
 * Saturday 24, Sunday 25, Monday 26 (a bank holiday), Tuesday 27 ... Friday 30, Monday 2 September.
 * Each test drives the engine as impact-streams' records would, and reads what it wrote to impact-alerts.
 */
class SettledDaysTest {

    private static final PracticeDirectory DIRECTORY = SyntheticDirectory.build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-09-01T09:00:00Z"), ZoneOffset.UTC);
    private static final String QKK = "QKK";
    private static final CollectiveAction AG = CollectiveAction.STOP_ADVICE_AND_GUIDANCE;
    private static final List<RecordingKafka> OPEN = new ArrayList<>();

    @AfterAll
    static void closeProducers() {
        OPEN.forEach(RecordingKafka::destroy);
    }

    private static LocalDate aug(int day) {
        return LocalDate.of(2024, 8, day);
    }

    private static LocalDate sep(int day) {
        return LocalDate.of(2024, 9, day);
    }

    private static final class Run {
        final RecordingKafka kafka = new RecordingKafka();
        final AlertEngine engine;

        Run(List<Rule> rules) {
            this(rules, true);
        }

        /** @param live false: the engine is still replaying, until {@link #caughtUp()} */
        Run(List<Rule> rules, boolean live) {
            OPEN.add(kafka);
            engine = new AlertEngine(new RuleBook(rules, DIRECTORY), kafka, new SilenceStore(kafka), CLOCK, 60);
            if (live) {
                engine.evaluateAll();
            }
        }

        Run send(IndicatorValue value) {
            engine.onIndicator(value);
            return this;
        }

        /** As a replay after a restart: kept, not judged. */
        Run replay(IndicatorValue value) {
            engine.remember(value);
            return this;
        }

        Run caughtUp() {
            engine.evaluateAll();
            return this;
        }

        List<Alert> written() {
            return kafka.written.stream().map(Alert.class::cast).toList();
        }

        /** Transitions into FIRING, per alert, in the order written. */
        int firings() {
            Map<String, AlertState> last = new HashMap<>();
            int firings = 0;
            for (Alert alert : written()) {
                if (alert.state() == AlertState.FIRING && last.get(alert.alertId()) != AlertState.FIRING) {
                    firings++;
                }
                last.put(alert.alertId(), alert.state());
            }
            return firings;
        }

        Alert latest() {
            List<Alert> written = written();
            return written.isEmpty() ? null : written.get(written.size() - 1);
        }
    }

    private static IndicatorValue value(String area, Indicator indicator, CollectiveAction action, LocalDate day, Double value, Double low,
                                        Double high, boolean provisional) {
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, indicator, action, null, area, day, value, low, high, provisional, 150, 900,
                Instant.EPOCH);
    }

    private static IndicatorValue agDropoff(LocalDate day, Double value, Double low, Double high, boolean provisional) {
        return value(QKK, Indicator.AG_DROPOFF, null, day, value, low, high, provisional);
    }

    private static IndicatorValue completeness(String area, LocalDate day, Double value, boolean provisional) {
        return value(area, Indicator.REPORTING_COMPLETENESS, null, day, value, null, null, provisional);
    }

    private static boolean workingDay(LocalDate day) {
        return day.getDayOfWeek().getValue() <= 5 && !day.equals(aug(26));
    }

    private static Rule agRule(int forDays, Judge judge) {
        return new Rule("ag", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE, 0.3, 0.6,
                0.2, null, forDays, 0L, 0L, null, false, judge, null);
    }

    private static Rule gapRule(int forDays) {
        return new Rule("gap", null, RuleType.THRESHOLD, Indicator.REPORTING_COMPLETENESS, null, null, ScopeKind.ICB, null, Direction.BELOW,
                0.6, 0.4, 0.7, null, forDays, 0L, 0L, null, false, null, null);
    }

    @Test
    void shouldRaiseNothingOnUnsettledDaysWhenNoticeIsEffectiveInTheFuture() {
        // given: the shipped rules; reports up to Friday 30 August (H), so 28-30 August are provisional, and a notice
        // given in advance: 30% of QKK's practices stop A&G from Monday 2 September
        Run run = new Run(ShippedRules.load());

        // when: settled days look normal (A&G drop-off 0.05, diversions 0.3, completeness 0.95 on working days) ...
        for (LocalDate day = aug(1); !day.isAfter(aug(27)); day = day.plusDays(1)) {
            run.send(agDropoff(day, 0.05, 0.0, 0.1, false))
                    .send(value(QKK, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, 0.3, null, null, false))
                    .send(completeness(QKK, day, workingDay(day) ? 0.95 : null, false))
                    .send(value(QKK, Indicator.PARTICIPATION_RATE, AG, day, 0.0, null, null, false));
        }
        // ... the provisional days rest on the early reporters: a 70% drop-off, 2.5 diversions, completeness under 60%
        double[] provisionalCompleteness = {0.58, 0.55, 0.5};
        for (int i = 0; i < 3; i++) {
            LocalDate day = aug(28 + i);
            run.send(agDropoff(day, 0.7, 0.62, 0.78, true))
                    .send(value(QKK, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, 2.5, null, null, true))
                    .send(completeness(QKK, day, provisionalCompleteness[i], true))
                    .send(value(QKK, Indicator.PARTICIPATION_RATE, AG, day, 0.0, null, null, false));
        }
        // ... and after H report-based values are absent, while participation exists where the notice plans it
        for (LocalDate day = aug(31); !day.isAfter(aug(31).plusDays(6)); day = day.plusDays(1)) {
            run.send(agDropoff(day, null, null, null, false))
                    .send(value(QKK, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, null, null, null, false))
                    .send(completeness(QKK, day, null, false));
            if (day.getDayOfWeek().getValue() <= 5) {
                run.send(value(QKK, Indicator.PARTICIPATION_RATE, AG, day, 0.3, null, null, false))
                        .send(value(QKK, Indicator.PATIENTS_COVERED_RATE, AG, day, 0.35, null, null, false));
            }
        }

        // then: nothing was raised at any point
        assertThat(run.written()).isEmpty();
    }

    /** 0% of QKK's practices stop A&G on 26 August - 1 September, and a notice given in advance plans 60% on 2-6 September. */
    private static void planSixtyPercentFromSecondSeptember(Run run) {
        for (LocalDate day = aug(26); !day.isAfter(sep(6)); day = day.plusDays(1)) {
            run.send(value(QKK, Indicator.PARTICIPATION_RATE, AG, day, day.isBefore(sep(2)) ? 0.0 : 0.6, null, null, false));
        }
    }

    /** Reports of another ICB (QHM) arrive up to H = {@code horizon}: its last 3 days provisional, the day before them settled. */
    private static void reportsArriveUpTo(Run run, LocalDate horizon) {
        for (LocalDate day = horizon.minusDays(3); !day.isAfter(horizon); day = day.plusDays(1)) {
            run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, 0.3, null, null, day.isAfter(horizon.minusDays(3))));
        }
    }

    @Test
    void shouldWarnOnlyOnceSettledDayReachesPlannedDayWhenNoticeGivenInAdvanceCrossesWarning() {
        // given: the shipped ICB participation rule (WARNING 0.5, for 1 day); reports reach H = 30 August, so the latest
        // settled day S is 27 August; a notice given in advance plans 60% of QKK's practices on 2-6 September
        Run run = new Run(List.of(ShippedRules.named("icb_participation")));
        reportsArriveUpTo(run, aug(30));
        planSixtyPercentFromSecondSeptember(run);
        List<Alert> beforeSettled = run.written();
        Map<LocalDate, Integer> firingsAfterArrival = new LinkedHashMap<>();
        Map<LocalDate, Alert> afterArrival = new LinkedHashMap<>();

        // when: reports arrive day by day up to H = 9 September (S = H - 3)
        for (LocalDate horizon = aug(31); !horizon.isAfter(sep(9)); horizon = horizon.plusDays(1)) {
            reportsArriveUpTo(run, horizon);
            firingsAfterArrival.put(horizon, run.firings());
            afterArrival.put(horizon, run.latest());
        }

        // then: nothing while the planned days lie after S; the WARNING (0.6 >= 0.5) fires when S reaches 2 September
        // (H = 5 September), names that day, and follows S to the last planned day
        assertThat(beforeSettled).isEmpty();
        assertThat(firingsAfterArrival.get(sep(4))).isZero();
        assertThat(firingsAfterArrival.get(sep(5))).isEqualTo(1);
        Alert firing = afterArrival.get(sep(5));
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.WARNING);
        assertThat(firing.day()).isEqualTo(sep(2));
        assertThat(firing.value()).isEqualTo(0.6);
        assertThat(run.written()).allSatisfy(alert -> assertThat(alert.day()).isBefore(sep(7)));
        assertThat(run.latest().day()).isEqualTo(sep(6));
        assertThat(run.firings()).isEqualTo(1);
    }

    @Test
    void shouldWarnAheadOnLatestPlannedDayWhenNoReportHasBeenSeen() {
        // given: a monitor with notices but no reports yet: participation 0 on 26 August - 1 September, 60% planned on
        // 2-6 September
        Run run = new Run(List.of(ShippedRules.named("icb_participation")));

        // when
        planSixtyPercentFromSecondSeptember(run);

        // then: a plan is all there is, so it is judged: one WARNING (0.6 >= 0.5), for the latest day planned
        assertThat(run.firings()).isEqualTo(1);
        assertThat(run.latest().severity()).isEqualTo(Severity.WARNING);
        assertThat(run.latest().day()).isEqualTo(sep(6));
        assertThat(run.latest().value()).isEqualTo(0.6);
    }

    @Test
    void shouldPendThenFireWhenSettledDayMovesOverPlannedBreachWithoutNewParticipation() {
        // given: participation over 0.5 for 2 days; 60% planned from 2 September; reports of another ICB reach H = 4
        // September, so S = 1 September (0% that day)
        Rule twoDays = new Rule("participation_2d", null, RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB,
                null, Direction.ABOVE, 0.5, 1.0, 0.4, null, 2, 0L, 0L, null, false, Judge.VALUE, null);
        Run run = new Run(List.of(twoDays));
        run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, sep(1), 0.3, null, null, false))
                .send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, sep(4), 0.3, null, null, true));
        planSixtyPercentFromSecondSeptember(run);
        List<Alert> beforeSettled = run.written();

        // when: 2 September settles, then 3 September: report-based values of another area only
        run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, sep(2), 0.3, null, null, false));
        Alert afterSecond = run.latest();
        run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, sep(3), 0.3, null, null, false));

        // then
        assertThat(beforeSettled).isEmpty();
        assertThat(afterSecond).as("an alert once 2 September settles").isNotNull();
        assertThat(afterSecond.state()).isEqualTo(AlertState.PENDING);
        assertThat(afterSecond.day()).isEqualTo(sep(2));
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
        assertThat(run.latest().day()).isEqualTo(sep(3));
        assertThat(run.latest().area()).isEqualTo(QKK);
        assertThat(run.firings()).isEqualTo(1);
    }

    @Test
    void shouldJudgeParticipationUpToSettledDayWhenSeriesIsReplayedAfterRestart() {
        // given: a restart replays reports up to H = 5 September (S = 2 September) and the plan of 60% on 2-6 September
        Run run = new Run(List.of(ShippedRules.named("icb_participation")), false);
        for (LocalDate day = aug(26); !day.isAfter(sep(5)); day = day.plusDays(1)) {
            run.replay(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, 0.3, null, null, day.isAfter(sep(2))));
        }
        for (LocalDate day = aug(26); !day.isAfter(sep(6)); day = day.plusDays(1)) {
            run.replay(value(QKK, Indicator.PARTICIPATION_RATE, AG, day, day.isBefore(sep(2)) ? 0.0 : 0.6, null, null, false));
        }

        // when
        run.caughtUp();

        // then: judged on S, rebuilt by the replay
        assertThat(run.firings()).isEqualTo(1);
        assertThat(run.latest().day()).isEqualTo(sep(2));
        assertThat(run.latest().value()).isEqualTo(0.6);
    }

    @Test
    void shouldJudgeParticipationUpToDataHorizonWhenRuleIncludesProvisionalValues() {
        // given: the participation rule twice, one including provisional values (WARNING 0.5, for 1 day); reports reach
        // H = 30 August (S = 27 August); 60% of QKK's practices take the action from Thursday 29 August, planned to 6 September
        Rule settledOnly = new Rule("participation", null, RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB,
                null, Direction.ABOVE, 0.5, 1.0, 0.4, null, 1, 0L, 0L, null, false, Judge.VALUE, null);
        Rule early = new Rule("participation_early", null, RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB,
                null, Direction.ABOVE, 0.5, 1.0, 0.4, null, 1, 0L, 0L, null, true, Judge.VALUE, null);
        Run run = new Run(List.of(settledOnly, early));
        reportsArriveUpTo(run, aug(30));

        // when
        for (LocalDate day = aug(26); !day.isAfter(sep(6)); day = day.plusDays(1)) {
            run.send(value(QKK, Indicator.PARTICIPATION_RATE, AG, day, day.isBefore(aug(29)) ? 0.0 : 0.6, null, null, false));
        }

        // then: only the rule including provisional values fires (on 29 August as it arrives), and it follows the plan
        // only as far as H
        assertThat(run.written()).allSatisfy(alert -> assertThat(alert.rule()).isEqualTo("participation_early"));
        assertThat(run.firings()).isEqualTo(1);
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
        assertThat(run.latest().day()).isEqualTo(aug(30));
    }

    @Test
    void shouldJudgeNoParticipationWhenReportsHaveArrivedButNoneHasSettled() {
        // given: the first reports of a monitor, all provisional (H = 30 August, nothing settled yet)
        Run run = new Run(List.of(ShippedRules.named("icb_participation")));
        for (LocalDate day = aug(28); !day.isAfter(aug(30)); day = day.plusDays(1)) {
            run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, 0.3, null, null, true));
        }

        // when: 60% planned on 2-6 September
        planSixtyPercentFromSecondSeptember(run);

        // then: no day is settled, so no day of participation is judged
        assertThat(run.written()).isEmpty();
    }

    @Test
    void shouldKeepSettledDayWhenLaterReportsBecomeAbsent() {
        // given: reports settled up to 27 August, H = 30 August
        Run run = new Run(List.of(ShippedRules.named("icb_participation")));
        reportsArriveUpTo(run, aug(30));

        // when: a withdrawal makes 27-30 August absent, and an older day is corrected
        for (LocalDate day = aug(27); !day.isAfter(aug(30)); day = day.plusDays(1)) {
            run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, day, null, null, null, false));
        }
        run.send(value("QHM", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, aug(20), 0.4, null, null, false));

        // then: S and H never move back
        assertThat(run.engine.horizon().settled()).isEqualTo(aug(27));
        assertThat(run.engine.horizon().reported()).isEqualTo(aug(30));
    }

    @Test
    void shouldFireOnceOnThirdSettledDayOverWarningWhenHorizonMovesDayByDay() {
        // given: the shipped ICB A&G rule (WARNING 0.3 for 3 days, half the ICB reporting); A&G drop-off 0.10 until Sunday
        // 11 August, 0.46 settled from Monday 12 (provisional values read 0.47); completeness 0.9 settled, 0.55 provisional
        Run run = new Run(List.of(ShippedRules.named("icb_ag_dropoff")));
        Map<LocalDate, Alert> afterArrival = new LinkedHashMap<>();
        Map<LocalDate, Integer> firingsAfterArrival = new LinkedHashMap<>();

        // when: on each arrival day t reports reach H = t; days after t - 3 are provisional, t - 3 has just settled
        for (LocalDate t = aug(1); !t.isAfter(aug(24)); t = t.plusDays(1)) {
            for (LocalDate day = t.minusDays(3); !day.isAfter(t); day = day.plusDays(1)) {
                boolean provisional = day.isAfter(t.minusDays(3));
                boolean fallen = !day.isBefore(aug(12));
                double dropoff = fallen ? (provisional ? 0.47 : 0.46) : 0.10;
                run.send(completeness(QKK, day, workingDay(day) ? (provisional ? 0.55 : 0.9) : null, provisional))
                        .send(agDropoff(day, dropoff, dropoff - 0.05, dropoff + 0.05, provisional));
            }
            afterArrival.put(t, run.latest());
            firingsAfterArrival.put(t, run.firings());
        }

        // then: settled breaches are 12, 13 and 14 August, and 14 August settles on arrival 17 August: it fires then, not
        // on the provisional breaches that came three days earlier
        assertThat(firingsAfterArrival.get(aug(16))).isZero();
        assertThat(afterArrival.get(aug(16)).state()).isEqualTo(AlertState.PENDING);
        assertThat(afterArrival.get(aug(16)).day()).isEqualTo(aug(13));
        assertThat(firingsAfterArrival.get(aug(17))).isEqualTo(1);
        Alert firing = afterArrival.get(aug(17));
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.WARNING);
        assertThat(firing.day()).isEqualTo(aug(14));
        assertThat(firing.value()).isEqualTo(0.46);
        assertThat(firing.threshold()).isEqualTo(0.3);
        // a settled Saturday and Sunday are judged on Friday 16 August's completeness
        assertThat(afterArrival.get(aug(20)).day()).isEqualTo(aug(17));
        assertThat(afterArrival.get(aug(21)).day()).isEqualTo(aug(18));
        // exactly once over the whole run, and the alert's day is the settled day judged
        assertThat(run.firings()).isEqualTo(1);
        assertThat(run.latest().day()).isEqualTo(aug(21));
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void shouldNotCountProvisionalDayInBetweenTowardsFor() {
        // given: WARNING 0.3 for 3 days; 12, 13 and 15 August settled over it, 14 August still provisional
        Run run = new Run(List.of(agRule(3, Judge.VALUE)));
        run.send(agDropoff(aug(12), 0.46, 0.41, 0.51, false))
                .send(agDropoff(aug(13), 0.46, 0.41, 0.51, false))
                .send(agDropoff(aug(14), 0.46, 0.41, 0.51, true))
                .send(agDropoff(aug(15), 0.46, 0.41, 0.51, false));
        Alert pending = run.latest();

        // when: 14 August settles
        run.send(agDropoff(aug(14), 0.46, 0.41, 0.51, false));

        // then
        assertThat(pending.state()).isEqualTo(AlertState.PENDING);
        assertThat(pending.day()).isEqualTo(aug(15));
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
        assertThat(run.latest().day()).isEqualTo(aug(15));
        assertThat(run.firings()).isEqualTo(1);
    }

    @Test
    void shouldJudgeProvisionalDaysWhenRuleIncludesThem() {
        // given: the same A&G rule twice, one including provisional values (WARNING 0.3 for 1 day)
        Rule settledOnly = agRule(1, Judge.VALUE);
        Rule early = new Rule("ag_early", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                0.3, 0.6, 0.2, null, 1, 0L, 0L, null, true, Judge.VALUE, null);
        Run run = new Run(List.of(settledOnly, early));

        // when: 12 August settled at 0.1, 13 August provisional at 0.4
        run.send(agDropoff(aug(12), 0.1, 0.05, 0.15, false))
                .send(agDropoff(aug(13), 0.4, 0.35, 0.45, true));

        // then: only the rule that includes provisional values fires, on the provisional day
        assertThat(run.written()).hasSize(1);
        assertThat(run.latest().rule()).isEqualTo("ag_early");
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
        assertThat(run.latest().day()).isEqualTo(aug(13));
    }

    @Test
    void shouldFireOnlyWhenIntervalsLowEndCrossesWhenRuleJudgesLow() {
        // given: "A&G fell by at least 30%, with 95% confidence": WARNING 0.3 on the low end, clear under 0.2
        Run run = new Run(List.of(agRule(1, Judge.LOW)));

        // when: 12 August: value 0.35 over the warning, low end 0.25 under it
        run.send(agDropoff(aug(12), 0.35, 0.25, 0.45, false));
        List<Alert> afterValueOver = run.written();
        // 13 August: low end 0.31
        run.send(agDropoff(aug(13), 0.40, 0.31, 0.49, false));
        Alert firing = run.latest();
        // 14 August: 0.5 but no interval (one practice reported): not usable for this rule
        run.send(agDropoff(aug(14), 0.5, null, null, false));
        int afterNoInterval = run.written().size();
        // 15 August: low end 0.19, under the clear threshold
        run.send(agDropoff(aug(15), 0.28, 0.19, 0.37, false));

        // then
        assertThat(afterValueOver).isEmpty();
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.value()).as("the number judged: the low end").isEqualTo(0.31);
        assertThat(firing.threshold()).isEqualTo(0.3);
        assertThat(firing.day()).isEqualTo(aug(13));
        assertThat(afterNoInterval).isEqualTo(1);
        assertThat(run.latest().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(run.latest().value()).isEqualTo(0.19);
    }

    @Test
    void shouldSkipWeekendAndBankHolidayWithoutBreakingRunWhenJudgingReportingCompleteness() {
        // given: the shipped reporting-gap rule (WARNING at or under 0.6 for 2 working days)
        Run run = new Run(List.of(ShippedRules.named("icb_reporting_gap")));

        // when: Friday 23 August 0.5; Saturday, Sunday and bank holiday Monday absent; Tuesday 27 August 0.5
        run.send(completeness(QKK, aug(23), 0.5, false))
                .send(completeness(QKK, aug(24), null, false))
                .send(completeness(QKK, aug(25), null, false))
                .send(completeness(QKK, aug(26), null, false))
                .send(completeness(QKK, aug(27), 0.5, false));

        // then: Friday and Tuesday are consecutive working days
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
        assertThat(run.latest().severity()).isEqualTo(Severity.WARNING);
        assertThat(run.latest().day()).isEqualTo(aug(27));
        assertThat(run.firings()).isEqualTo(1);
    }

    @Test
    void shouldNotCountWeekendAndBankHolidayTowardsForWhenJudgingReportingCompleteness() {
        // given: 0.5 for 3 working days needed
        Run run = new Run(List.of(gapRule(3)));

        // when: Friday 23, (24, 25, 26 absent), Tuesday 27: two working days; then Wednesday 28: three
        run.send(completeness(QKK, aug(23), 0.5, false))
                .send(completeness(QKK, aug(24), null, false))
                .send(completeness(QKK, aug(25), null, false))
                .send(completeness(QKK, aug(26), null, false))
                .send(completeness(QKK, aug(27), 0.5, false));
        Alert afterTwo = run.latest();
        run.send(completeness(QKK, aug(28), 0.5, false));

        // then
        assertThat(afterTwo.state()).isEqualTo(AlertState.PENDING);
        assertThat(run.latest().state()).isEqualTo(AlertState.FIRING);
        assertThat(run.latest().day()).isEqualTo(aug(28));
    }

    @Test
    void shouldBreakRunWhenWorkingDayHasNoCompleteness() {
        // given
        Run run = new Run(List.of(ShippedRules.named("icb_reporting_gap")));

        // when: Thursday 22 August 0.5, Friday 23 nothing at all, Tuesday 27 0.5
        run.send(completeness(QKK, aug(22), 0.5, false))
                .send(completeness(QKK, aug(27), 0.5, false));

        // then: a working day without a value is a hole, not a breach
        assertThat(run.latest().state()).isEqualTo(AlertState.PENDING);
        assertThat(run.firings()).isZero();
    }

    @Test
    void shouldRaiseNoReportingGapWhenEveryIcbsLatestDaysAreProvisionalOrAbsent() {
        // given: the shipped rules; every one of the 42 ICBs had 92% of its practices reporting on every settled working day;
        // reports up to Friday 30 August are still arriving (28: 45%, 29: 30%, 30: 10%); a notice given in advance makes
        // participation exist for 2-6 September, where nothing report-based exists yet
        Run run = new Run(ShippedRules.load());
        List<String> icbs = DIRECTORY.areas().stream().filter(area -> area.kind() == AreaKind.ICB).map(area -> area.code()).toList();
        assertThat(icbs).hasSize(42);

        // when
        for (String icb : icbs) {
            for (LocalDate day = aug(1); !day.isAfter(aug(27)); day = day.plusDays(1)) {
                run.send(completeness(icb, day, workingDay(day) ? 0.92 : null, false));
            }
            run.send(completeness(icb, aug(28), 0.45, true))
                    .send(completeness(icb, aug(29), 0.30, true))
                    .send(completeness(icb, aug(30), 0.10, true));
            for (LocalDate day = aug(31); !day.isAfter(aug(31).plusDays(6)); day = day.plusDays(1)) {
                run.send(completeness(icb, day, null, false));
                if (day.getDayOfWeek().getValue() <= 5) {
                    run.send(value(icb, Indicator.PARTICIPATION_RATE, AG, day, 0.2, null, null, false));
                }
            }
        }

        // then
        assertThat(run.written()).isEmpty();
    }
}
