package uk.nhs.impactmonitor.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/** Rules are checked once, every problem named; and a series finds exactly the rules that watch it. */
class RuleBookTest {

    private static final PracticeDirectory DIRECTORY = SyntheticDirectory.build();

    private static Rule rule(String name, Indicator indicator, CollectiveAction action, Metric metric, ScopeKind scope, List<String> areas,
                             Double warning, Double critical, Double clear) {
        return new Rule(name, null, RuleType.THRESHOLD, indicator, action, metric, scope, areas, Direction.ABOVE, warning, critical, clear,
                null, 1, 0L, 0L, null, null, null, null);
    }

    @Test
    void shouldNameEveryProblemWhenRulesAreBad() {
        // given
        List<Rule> rules = List.of(
                rule("no_thresholds", Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, null, null, null),
                rule("inverted", Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, 0.6, 0.3, 0.2),
                rule("action_on_plain", Indicator.AG_DROPOFF, CollectiveAction.DEFER_PILOTS, null, ScopeKind.ICB, null, 0.3, 0.6, 0.2),
                rule("unknown_area", Indicator.AG_DROPOFF, null, null, ScopeKind.AREAS, List.of("XXX"), 0.3, 0.6, 0.2),
                rule("inverted", Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, 0.3, 0.6, 0.2));

        // when / then
        assertThatThrownBy(() -> new RuleBook(rules, DIRECTORY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rule 'no_thresholds': 'warning' is required")
                .hasMessageContaining("rule 'no_thresholds': 'critical' is required")
                .hasMessageContaining("rule 'inverted': 'critical' (0.3) must be at or beyond 'warning' (0.6) going ABOVE")
                .hasMessageContaining("rule 'action_on_plain': 'action' given but ag_dropoff has no action")
                .hasMessageContaining("rule 'unknown_area': area 'XXX' is not in the practice directory")
                .hasMessageContaining("rule 'inverted' is defined twice");
    }

    @Test
    void shouldFindRulesByIndicatorLabelsAndScope() {
        // given
        Rule anyAction = rule("any_action", Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB, null, 0.5, 1.0, 0.4);
        Rule oneAction = rule("one_action", Indicator.PARTICIPATION_RATE, CollectiveAction.DEFER_PILOTS, null, ScopeKind.REGION, null, 0.5, 1.0, 0.4);
        Rule named = rule("named", Indicator.ATTRIBUTABLE_CHANGE, null, Metric.REFERRALS, ScopeKind.AREAS, List.of("QKK"), 0.1, 0.2, 0.05);
        Rule england = rule("england", Indicator.AG_DROPOFF, null, null, ScopeKind.ENGLAND, null, 0.3, 0.6, 0.2);
        RuleBook book = new RuleBook(List.of(anyAction, oneAction, named, england), DIRECTORY);

        // then
        assertThat(book.rulesFor("QKK", Indicator.PARTICIPATION_RATE, CollectiveAction.CAP_DAILY_CONTACTS, null)).containsExactly(anyAction);
        assertThat(book.rulesFor("Y56", Indicator.PARTICIPATION_RATE, CollectiveAction.DEFER_PILOTS, null)).containsExactly(oneAction);
        assertThat(book.rulesFor("Y56", Indicator.PARTICIPATION_RATE, CollectiveAction.CAP_DAILY_CONTACTS, null)).isEmpty();
        assertThat(book.rulesFor("QKK", Indicator.ATTRIBUTABLE_CHANGE, CollectiveAction.DEFER_PILOTS, Metric.REFERRALS)).containsExactly(named);
        assertThat(book.rulesFor("QKK", Indicator.ATTRIBUTABLE_CHANGE, CollectiveAction.DEFER_PILOTS, Metric.AG_REQUESTS)).isEmpty();
        assertThat(book.rulesFor("ENG", Indicator.AG_DROPOFF, null, null)).containsExactly(england);
        assertThat(book.rulesFor("QKK", Indicator.AG_DROPOFF, null, null)).isEmpty();
    }

    @Test
    void shouldListTheRulesWatchingAnAreaWhateverTheirLabelsWhenAskedForOneArea() {
        // given
        Rule icb = rule("icb", Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB, null, 0.5, 1.0, 0.4);
        Rule region = rule("region", Indicator.PARTICIPATION_RATE, CollectiveAction.DEFER_PILOTS, null, ScopeKind.REGION, null, 0.5, 1.0, 0.4);
        Rule named = rule("named", Indicator.ATTRIBUTABLE_CHANGE, null, Metric.REFERRALS, ScopeKind.AREAS, List.of("QKK", "Y56"), 0.1, 0.2, 0.05);
        Rule england = rule("england", Indicator.AG_DROPOFF, null, null, ScopeKind.ENGLAND, null, 0.3, 0.6, 0.2);
        RuleBook book = new RuleBook(List.of(icb, region, named, england), DIRECTORY);

        // then: by the area's kind, plus the rules naming it; in the order configured
        assertThat(book.rulesWatching("QKK")).containsExactly(icb, named);
        assertThat(book.rulesWatching("QE1")).containsExactly(icb);
        assertThat(book.rulesWatching("Y56")).containsExactly(region, named);
        assertThat(book.rulesWatching("Y62")).containsExactly(region);
        assertThat(book.rulesWatching("ENG")).containsExactly(england);
    }

    @Test
    void shouldDefaultClearToWarningAndCriticalClearToSameGap() {
        // given / when
        Rule noHysteresis = rule("plain", Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, 0.3, 0.6, null);
        Rule withHysteresis = rule("hysteresis", Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, 0.3, 0.6, 0.2);

        // then: 0.6 - (0.3 - 0.2) = 0.5
        assertThat(noHysteresis.clear()).isEqualTo(0.3);
        assertThat(noHysteresis.criticalClear()).isEqualTo(0.6);
        assertThat(withHysteresis.criticalClear()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldRefuseJudgingABoundOfIndicatorWithoutIntervalOrInEarsRule() {
        // given: participation is an exact count (no interval); EARS measures the series' own spread
        Rule participationLow = new Rule("participation_low", null, RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null, null,
                ScopeKind.ICB, null, Direction.ABOVE, 0.5, 1.0, 0.4, null, 1, 0L, 0L, null, null, Judge.LOW, null);
        Rule earsHigh = new Rule("ears_high", null, RuleType.EARS_C2, Indicator.REFERRAL_CHANGE, null, null, ScopeKind.ICB, null,
                Direction.ABOVE, null, null, null, null, 1, 0L, 0L, null, null, Judge.HIGH, null);
        Rule agLow = new Rule("ag_low", null, RuleType.THRESHOLD, Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                0.3, 0.6, 0.2, null, 3, 0L, 0L, null, null, Judge.LOW, null);

        // when / then
        assertThatThrownBy(() -> new RuleBook(List.of(participationLow, earsHigh), DIRECTORY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rule 'participation_low': 'judge' low needs an indicator with a 95% interval; participation_rate has none")
                .hasMessageContaining("rule 'ears_high': 'judge' high needs type THRESHOLD");
        assertThat(new RuleBook(List.of(agLow), DIRECTORY).all()).containsExactly(agLow);
    }

    @Test
    void shouldJudgeSettledValuesAndTheValueWhenRuleSaysNothing() {
        // given / when
        Rule plain = rule("plain", Indicator.AG_DROPOFF, null, null, ScopeKind.ICB, null, 0.3, 0.6, 0.2);

        // then
        assertThat(plain.includeProvisional()).isFalse();
        assertThat(plain.judge()).isEqualTo(Judge.VALUE);
    }
}
