package uk.nhs.impactmonitor.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.support.ShippedRules;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;

/** The rules alerts-service.yml ships, as Spring binds them: the v2 fields read from YAML, and every rule explains itself. */
class ShippedRulesTest {

    @Test
    void shouldBindJudgeAndIncludeProvisionalFromYamlWhenLoadingShippedRules() {
        // when
        List<Rule> rules = ShippedRules.load();
        Map<String, Judge> judges = rules.stream().collect(Collectors.toMap(Rule::name, Rule::judge));

        // then: England's A&G judges the low end; every other rule the value; none judges provisional values
        assertThat(new RuleBook(rules, SyntheticDirectory.build()).all()).hasSize(14);
        assertThat(judges.get("england_ag_dropoff")).isEqualTo(Judge.LOW);
        assertThat(judges.entrySet().stream().filter(e -> !e.getKey().equals("england_ag_dropoff")).map(Map.Entry::getValue))
                .containsOnly(Judge.VALUE);
        assertThat(rules).allSatisfy(rule -> assertThat(rule.includeProvisional()).as(rule.name()).isFalse());
    }

    @Test
    void shouldSayWhyItsJudgeIsWhatItIsInEveryRationale() {
        // when
        List<Rule> rules = ShippedRules.load();

        // then
        assertThat(rules).allSatisfy(rule -> assertThat(rule.rationale()).as(rule.name()).containsIgnoringCase("judged"));
        assertThat(rules).filteredOn(rule -> rule.indicator().id().startsWith("participation") || rule.indicator().id().startsWith("patients"))
                .allSatisfy(rule -> assertThat(rule.rationale()).as(rule.name()).contains("never provisional"));
    }
}
