package uk.nhs.impactmonitor.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;

class ScenarioValidationTest {

    private static final String VALID = """
            name: test
            seed: 42
            actionDays: 120
            actions:
              CAP_DAILY_CONTACTS:
                uptake:
                  - {day: 0, share: 0.1}
                  - {day: 30, share: 0.3}
                  - {day: 90, share: 0.41}
                regions: {Y56: 1.2}
                effect: {contactCap: 25, divertedShare: 0.7}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"mild", "expected", "reasonable-worst-case"})
    void shouldLoadEveryShippedScenarioWhenItIsValid(String name) throws IOException {
        // given
        String text;
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/" + name + ".yml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // when
        Scenario scenario = ScenarioLoader.load(name);

        // then
        assertThat(text).as("a shipped scenario opens with a comment on what it assumes").startsWith("# ");
        assertThat(scenario.name()).isEqualTo(name);
        assertThat(scenario.description()).isNotBlank();
        assertThat(scenario.startDate()).isEqualTo(LocalDate.of(2024, 8, 1));
        assertThat(scenario.baselineStart()).isEqualTo(LocalDate.of(2024, 7, 4));
        assertThat(scenario.actions()).containsKeys(CollectiveAction.STOP_ADVICE_AND_GUIDANCE, CollectiveAction.CAP_DAILY_CONTACTS);
        assertThat(scenario.actions().get(CollectiveAction.CAP_DAILY_CONTACTS).effect().contactCap()).isEqualTo(25);
    }

    @Test
    void shouldRankShippedScenariosWhenComparingTheirFinalUptake() {
        // given
        double mild = finalShare("mild", CollectiveAction.STOP_ADVICE_AND_GUIDANCE);
        double expected = finalShare("expected", CollectiveAction.STOP_ADVICE_AND_GUIDANCE);
        double worst = finalShare("reasonable-worst-case", CollectiveAction.STOP_ADVICE_AND_GUIDANCE);

        // then
        assertThat(mild).isLessThan(expected);
        assertThat(expected).isLessThan(worst);
        assertThat(ScenarioLoader.load(ScenarioLoader.DEFAULT_SCENARIO).name()).isEqualTo("expected");
    }

    @Test
    void shouldApplyDocumentedDefaultsWhenOptionalFieldsAreAbsent() {
        // when
        Scenario scenario = ScenarioLoader.parse(VALID, "test");

        // then
        assertThat(scenario.startDate()).isEqualTo(LocalDate.of(2024, 8, 1));
        assertThat(scenario.baselineWeeks()).isEqualTo(4);
        assertThat(scenario.reporting()).isEqualTo(Reporting.DEFAULT);
        assertThat(scenario.notices()).isEqualTo(NoticeRates.DEFAULT);
        assertThat(scenario.description()).isEmpty();
        assertThat(scenario.seasonality()).isTrue();
        assertThat(scenario.endDate()).isEqualTo(LocalDate.of(2024, 11, 28));
    }

    @Test
    void shouldInterpolateUptakeWhenBetweenPoints() {
        // given
        ActionScenario cap = ScenarioLoader.parse(VALID, "test").actions().get(CollectiveAction.CAP_DAILY_CONTACTS);

        // then: 0.1 at day 0, 0.3 at day 30, so 0.2 at day 15; flat at 0.41 after day 90; London x1.2
        assertThat(cap.nationalShare(15)).isCloseTo(0.2, within(1e-9));
        assertThat(cap.nationalShare(60)).isCloseTo(0.355, within(1e-9));
        assertThat(cap.nationalShare(200)).isCloseTo(0.41, within(1e-9));
        assertThat(cap.share(15, "Y56")).isCloseTo(0.24, within(1e-9));
        assertThat(cap.share(15, "Y61")).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void shouldNameThePathWhenAnUptakeShareIsAboveOne() {
        // when
        InvalidScenarioException error = invalid(VALID.replace("share: 0.41", "share: 1.5"));

        // then
        assertThat(error.errors()).containsExactly("actions.CAP_DAILY_CONTACTS.uptake[2].share: must be between 0 and 1, not 1.5");
        assertThat(error.getMessage()).contains("scenario test.yml is invalid").contains("uptake[2].share");
    }

    @Test
    void shouldNameTheFieldWhenARequiredFieldIsMissing() {
        // when
        InvalidScenarioException error = invalid(VALID.replace("seed: 42\n", ""));

        // then
        assertThat(error.errors()).containsExactly("seed: required");
    }

    @Test
    void shouldListTheKnownActionsWhenAnActionIdIsUnknown() {
        // when
        InvalidScenarioException error = invalid(VALID.replace("CAP_DAILY_CONTACTS:", "CAP_CONTACTS:"));

        // then
        assertThat(error.errors()).singleElement().asString()
                .startsWith("actions.CAP_CONTACTS: unknown action id; expected one of CAP_DAILY_CONTACTS, STOP_ADVICE_AND_GUIDANCE");
    }

    @Test
    void shouldRefuseUptakeDaysWhenTheyDoNotIncrease() {
        // when
        InvalidScenarioException error = invalid(VALID.replace("{day: 90, share: 0.41}", "{day: 30, share: 0.41}"));

        // then
        assertThat(error.errors()).containsExactly(
                "actions.CAP_DAILY_CONTACTS.uptake[2].day: must be after the previous point's day (30); uptake days must increase");
    }

    @Test
    void shouldRefuseAFallingShareWhenJoinedPracticesWouldLeave() {
        // when
        InvalidScenarioException error = invalid(VALID.replace("share: 0.41", "share: 0.2"));

        // then
        assertThat(error.errors()).singleElement().asString()
                .startsWith("actions.CAP_DAILY_CONTACTS.uptake[2].share: must not be below the previous point's share (0.3)");
    }

    @Test
    void shouldListTheRegionsWhenARegionCodeIsUnknown() {
        // when
        InvalidScenarioException error = invalid(VALID.replace("Y56: 1.2", "Y57: 1.2"));

        // then
        assertThat(error.errors()).containsExactly(
                "actions.CAP_DAILY_CONTACTS.regions.Y57: unknown region code; expected one of Y56, Y58, Y59, Y60, Y61, Y62, Y63");
    }

    @Test
    void shouldReportEveryProblemAtOnceWhenAFileHasSeveral() {
        // given
        String broken = """
                name: broken
                seed: forty-two
                startDate: 2024-13-01
                actionDays: 0
                seasonality: sometimes
                reporting: {completeness: 1.2, maxLateDays: 3.5}
                speed: fast
                actions:
                  STOP_ADVICE_AND_GUIDANCE:
                    uptake: []
                  DEFER_PILOTS:
                    uptake: [{day: 0}]
                    effect:
                      multipliers: {agRequests: -1, clinicianSessions: 2}
                """;

        // when
        InvalidScenarioException error = invalid(broken);

        // then
        assertThat(error.errors()).containsExactlyInAnyOrder(
                "speed: unknown field; expected one of actionDays, actions, baselineWeeks, description, name, notices, reporting, "
                        + "seasonality, seed, startDate",
                "seasonality: must be true or false, not 'sometimes'",
                "seed: must be a whole number, not 'forty-two'",
                "startDate: must be an ISO date such as 2024-08-01, not '2024-13-01'",
                "actionDays: must be between 1 and 1095, not 0",
                "reporting.completeness: must be between 0 and 1, not 1.2",
                "reporting.maxLateDays: must be a whole number, not '3.5'",
                "actions.STOP_ADVICE_AND_GUIDANCE.uptake: must be a non-empty list of {day, share} points",
                "actions.DEFER_PILOTS.uptake[0].share: required",
                "actions.DEFER_PILOTS.effect.multipliers.agRequests: must be between 0.0 and 10.0, not -1.0",
                "actions.DEFER_PILOTS.effect.multipliers.clinicianSessions: not a metric an action can scale; expected one of "
                        + "agRequests, onlineRequests, patientContacts, referrals, urgentCareDiversions");
    }

    @Test
    void shouldNameTheFieldWhenArrivalClosedDaysOrNoticeLeadAreWrong() {
        // given
        String broken = """
                name: broken
                seed: 1
                actionDays: 10
                reporting:
                  arrival: [0.6, 0.3]
                  closedDays: {saturday: {reporting: 1.5}, holiday: {reporting: 0.1}}
                notices: {leadDays: {min: 14, max: 7}}
                actions: {}
                """;

        // when
        InvalidScenarioException error = invalid(broken);

        // then
        assertThat(error.errors()).containsExactlyInAnyOrder(
                "reporting.arrival: the shares must add up to 1, not 0.8999999999999999 (the reports that never arrive are "
                        + "1 - completeness)",
                "reporting.closedDays.saturday.reporting: must be between 0 and 1, not 1.5",
                "reporting.closedDays.holiday: unknown field; expected one of saturday, sunday",
                "notices.leadDays.max: must not be below min (14), not 7");
    }

    @Test
    void shouldReadArrivalClosedDaysAndNoticeLeadWhenTheExpectedScenarioGivesThem() {
        // when
        Scenario expected = ScenarioLoader.shipped("expected");

        // then
        assertThat(expected.reporting().arrival()).containsExactly(0.60, 0.30, 0.08, 0.015, 0.005);
        assertThat(expected.reporting().maxLateDays()).isEqualTo(4);
        assertThat(expected.reporting().lateRate()).isCloseTo(0.40, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(expected.reporting().closedDays()).isEqualTo(new ClosedDays(0.20, 0.16, 0.02, 0.14));
        assertThat(expected.notices()).isEqualTo(new NoticeRates(0.03, 0.02, 7, 14, 0.10));
        // version 1's shorthand still reads: 5% late spread over 1..2 days
        Scenario old = ScenarioLoader.parse("name: v1\nseed: 1\nactionDays: 5\nreporting: {lateRate: 0.05, maxLateDays: 2}\n"
                + "actions: {}\n", "v1.yml");
        assertThat(old.reporting().arrival()).containsExactly(0.95, 0.025, 0.025);
    }

    @Test
    void shouldSayWhereWhenTheYamlCannotBeRead() {
        // when
        InvalidScenarioException error = invalid("name: x\nactions: [unclosed\n");

        // then
        assertThat(error.errors()).singleElement().asString().startsWith("not readable YAML");
    }

    @Test
    void shouldLoadAFileByPathWhenItIsNotAShippedName(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("custom.yml");
        Files.writeString(file, VALID.replace("effect: {contactCap: 25, divertedShare: 0.7}",
                "effect: {contactCap: 25, multipliers: {urgentCareDiversions: 1.5}}"));

        // when
        Scenario scenario = ScenarioLoader.load(file.toString());

        // then
        ActionEffect effect = scenario.actions().get(CollectiveAction.CAP_DAILY_CONTACTS).effect();
        assertThat(effect.divertedShare()).isEqualTo(ActionEffect.DEFAULT_DIVERTED_SHARE);
        assertThat(effect.multiplier(Metric.URGENT_CARE_DIVERSIONS)).isEqualTo(1.5);
        assertThat(effect.multiplier(Metric.REFERRALS)).isEqualTo(1.0);
        assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("missing.yml").toString()))
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessageContaining("not a shipped scenario (mild, expected, reasonable-worst-case) nor a readable file");
    }

    private static double finalShare(String scenario, CollectiveAction action) {
        ActionScenario curve = ScenarioLoader.load(scenario).actions().get(action);
        return curve.nationalShare(curve.lastUptakeDay());
    }

    private static InvalidScenarioException invalid(String yaml) {
        InvalidScenarioException error = catchThrowableOfType(InvalidScenarioException.class,
                () -> ScenarioLoader.parse(yaml, "test.yml"));
        assertThat(error).as("the scenario should have been refused").isNotNull();
        return error;
    }
}
