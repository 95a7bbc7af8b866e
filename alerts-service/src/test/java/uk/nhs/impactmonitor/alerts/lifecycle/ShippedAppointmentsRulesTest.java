package uk.nhs.impactmonitor.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngineTest.RecordingKafka;
import uk.nhs.impactmonitor.alerts.rule.Direction;
import uk.nhs.impactmonitor.alerts.rule.Judge;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.alerts.rule.ScopeKind;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.support.ShippedRules;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * The shipped rules on NHS England's GP appointments (appointments_change, metric gp): they bind from alerts-service.yml,
 * select the gp series of ICBs and regions only, and fire on the third day at or under their warning. The feed is never
 * provisional and has no reporting completeness, so the rules need none. 2024: Tuesday 1 October ... Thursday 3 October.
 */
class ShippedAppointmentsRulesTest {

    private static final PracticeDirectory DIRECTORY = SyntheticDirectory.build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-05T09:00:00Z"), ZoneOffset.UTC);
    private static final String QKK = "QKK";
    private static final String LONDON = "Y56";
    private static final List<RecordingKafka> OPEN = new ArrayList<>();

    @AfterAll
    static void closeProducers() {
        OPEN.forEach(RecordingKafka::destroy);
    }

    private static LocalDate oct(int day) {
        return LocalDate.of(2024, 10, day);
    }

    private static IndicatorValue change(String area, Metric metric, LocalDate day, double value) {
        // an ICB of one sub-ICB: no interval, as indicators.md says for fewer than two clusters
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.APPOINTMENTS_CHANGE, null, metric, area, day, value, null, null,
                false, 193, 193 * 7, Instant.EPOCH);
    }

    private static RecordingKafka run(List<Rule> rules, List<IndicatorValue> values) {
        RecordingKafka kafka = new RecordingKafka();
        OPEN.add(kafka);
        AlertEngine engine = new AlertEngine(new RuleBook(rules, DIRECTORY), kafka, new SilenceStore(kafka), CLOCK, 60);
        engine.evaluateAll();
        values.forEach(engine::onIndicator);
        return kafka;
    }

    private static List<Alert> alerts(RecordingKafka kafka) {
        return kafka.written.stream().map(Alert.class::cast).toList();
    }

    @Test
    void shouldBindGpAppointmentsRulesForIcbsAndRegionsWhenLoadingShippedRules() {
        // when
        Rule icb = ShippedRules.named("icb_gp_appointments_fall");
        Rule region = ShippedRules.named("region_gp_appointments_fall");

        // then
        assertThat(icb.problems()).isEmpty();
        assertThat(region.problems()).isEmpty();
        assertThat(List.of(icb, region)).allSatisfy(rule -> {
            assertThat(rule.indicator()).isEqualTo(Indicator.APPOINTMENTS_CHANGE);
            assertThat(rule.metric()).isEqualTo(Metric.GP);
            assertThat(rule.action()).isNull();
            assertThat(rule.direction()).isEqualTo(Direction.BELOW);
            assertThat(rule.judge()).isEqualTo(Judge.VALUE);
            assertThat(rule.forDays()).isEqualTo(3);
            assertThat(rule.minReportingCompleteness()).as("the feed has no reporting completeness").isNull();
            assertThat(rule.includeProvisional()).isFalse();
            assertThat(rule.rationale()).contains("GP appointments per working day").containsIgnoringCase("judged");
        });
        assertThat(List.of(icb.warning(), icb.critical(), icb.clear())).containsExactly(-0.1, -0.25, -0.05);
        assertThat(List.of(region.warning(), region.critical(), region.clear())).containsExactly(-0.1, -0.2, -0.05);
    }

    private static Rule rule(Indicator indicator, CollectiveAction action, Metric metric) {
        return new Rule("r", null, RuleType.THRESHOLD, indicator, action, metric, ScopeKind.ICB, null, Direction.BELOW, -0.1, -0.25,
                -0.05, null, 3, 0L, 0L, null, false, Judge.VALUE, null);
    }

    @Test
    void shouldAcceptAMetricAndRefuseAnActionWhenARuleWatchesAnAppointmentsIndicator() {
        // when / then: the feed's indicators carry a metric (all, gp) and no action
        assertThat(rule(Indicator.APPOINTMENTS_CHANGE, null, Metric.GP).problems()).isEmpty();
        assertThat(rule(Indicator.APPOINTMENTS_RATE, null, Metric.ALL).problems()).isEmpty();
        assertThat(rule(Indicator.APPOINTMENTS_CHANGE, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, Metric.GP).problems())
                .containsExactly("rule 'r': 'action' given but appointments_change has no action");
        // and: as before, a metric on an indicator without one is refused
        assertThat(rule(Indicator.REFERRAL_CHANGE, null, Metric.GP).problems())
                .containsExactly("rule 'r': 'metric' given but referral_change has no metric");
    }

    @Test
    void shouldSelectOnlyTheGpSeriesOfTheRightScopeWhenAskingWhichRulesWatchIt() {
        // given
        RuleBook book = new RuleBook(ShippedRules.load(), DIRECTORY);

        // when / then: an ICB's gp series has the ICB rule, a region's the region rule; `all` and England have none
        assertThat(book.rulesFor(QKK, Indicator.APPOINTMENTS_CHANGE, null, Metric.GP)).extracting(Rule::name)
                .containsExactly("icb_gp_appointments_fall");
        assertThat(book.rulesFor(LONDON, Indicator.APPOINTMENTS_CHANGE, null, Metric.GP)).extracting(Rule::name)
                .containsExactly("region_gp_appointments_fall");
        assertThat(book.rulesFor(QKK, Indicator.APPOINTMENTS_CHANGE, null, Metric.ALL)).isEmpty();
        assertThat(book.rulesFor("ENG", Indicator.APPOINTMENTS_CHANGE, null, Metric.GP)).isEmpty();
        assertThat(book.rulesFor(QKK, Indicator.APPOINTMENTS_RATE, null, Metric.GP)).isEmpty();
    }

    @Test
    void shouldFireWarningOnThirdDayUnderTenPercentWhenGpAppointmentsFall() {
        // given: the shipped ICB rule; QKK's GP appointments 12% under baseline on 1, 2 and 3 October, its `all` series
        // (nurses and others included) 12% under as well, which no rule watches
        List<IndicatorValue> values = new ArrayList<>();
        for (int day = 1; day <= 3; day++) {
            values.add(change(QKK, Metric.GP, oct(day), -0.12));
            values.add(change(QKK, Metric.ALL, oct(day), -0.12));
        }

        // when
        List<Alert> written = alerts(run(List.of(ShippedRules.named("icb_gp_appointments_fall")), values));

        // then: one WARNING (-0.12 is past -0.10, not -0.25), for the gp series, judged on 3 October
        List<Alert> firing = written.stream().filter(a -> a.state() == AlertState.FIRING).toList();
        assertThat(firing).hasSize(1);
        Alert alert = firing.get(0);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.metric()).isEqualTo(Metric.GP);
        assertThat(alert.area()).isEqualTo(QKK);
        assertThat(alert.day()).isEqualTo(oct(3));
        assertThat(alert.value()).isEqualTo(-0.12);
        assertThat(alert.threshold()).isEqualTo(-0.1);
        assertThat(written).allSatisfy(a -> assertThat(a.metric()).isEqualTo(Metric.GP));
    }

    @Test
    void shouldStaySilentWhenGpAppointmentsFallLessThanTenPercent() {
        // given: 8% under baseline for a week, as in the worst week of any region in August-October 2024
        List<IndicatorValue> values = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            values.add(change(LONDON, Metric.GP, oct(day), -0.08));
        }

        // when
        List<Alert> written = alerts(run(List.of(ShippedRules.named("region_gp_appointments_fall")), values));

        // then
        assertThat(written).noneMatch(a -> a.state() == AlertState.FIRING || a.state() == AlertState.PENDING);
    }
}
