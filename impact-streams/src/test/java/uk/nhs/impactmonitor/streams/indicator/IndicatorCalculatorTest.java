package uk.nhs.impactmonitor.streams.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Every indicator on hand-worked sums. Area A has four practices (20,000 patients):
 * <ul>
 *   <li>a (list 6,000), STOP_ADVICE_AND_GUIDANCE in force, reported on d; W(d): 7 practice-days, Σlist 42,000,
 *       sessions 70, contacts 1,400, capped 14, diversions 21, A&G 35, referrals 42, online 70; B: 7 practice-days,
 *       Σlist 42,000, sessions 70, contacts 1,400, diversions 7, A&G 70, referrals 35, online 140;</li>
 *   <li>b (list 4,000), no action, no report on d; W(d): 5 practice-days, Σlist 20,000, sessions 50, contacts 1,000,
 *       capped 10, diversions 4, A&G 40, referrals 20, online 40; B: 7 practice-days, Σlist 28,000, sessions 70,
 *       contacts 1,400, diversions 7, A&G 56, referrals 28, online 56;</li>
 *   <li>c (list 7,000), CAP_DAILY_CONTACTS in force, never reports; d (list 3,000), nothing, never reports.</li>
 * </ul>
 */
class IndicatorCalculatorTest {

    private static final double EPS = 1e-12;
    private static final LocalDate D = LocalDate.parse("2024-08-10");
    private static final Instant NOW = Instant.parse("2024-08-11T06:00:00Z");
    private static final CollectiveAction AG = CollectiveAction.STOP_ADVICE_AND_GUIDANCE;
    private static final CollectiveAction CAP = CollectiveAction.CAP_DAILY_CONTACTS;

    // metric order: sessions, contacts, capped, diversions, A&G, referrals, online
    private static final Sums A_WINDOW = Sums.of(0, 7, 42_000, 70, 1_400, 14, 21, 35, 42, 70);
    private static final Sums A_BASELINE = Sums.of(0, 7, 42_000, 70, 1_400, 0, 7, 70, 35, 140);
    private static final Sums B_WINDOW = Sums.of(0, 5, 20_000, 50, 1_000, 10, 4, 40, 20, 40);
    private static final Sums B_BASELINE = Sums.of(0, 7, 28_000, 70, 1_400, 0, 7, 56, 28, 56);

    private static List<IndicatorValue> areaA() {
        AreaSums sums = new AreaSums();
        sums.addPractice(true, A_WINDOW, A_BASELINE, List.of(AG), 6_000);
        sums.addPractice(false, B_WINDOW, B_BASELINE, List.of(), 4_000);
        sums.addPractice(false, new Sums(), new Sums(), List.of(CAP), 7_000);
        sums.addPractice(false, new Sums(), new Sums(), List.of(), 3_000);
        return IndicatorCalculator.compute("QX1", D, sums, 4, 20_000, NOW);
    }

    private static IndicatorValue find(List<IndicatorValue> values, Indicator indicator, CollectiveAction action, Metric metric) {
        return values.stream().filter(v -> v.indicator() == indicator && v.action() == action && v.metric() == metric)
                .findFirst().orElse(null);
    }

    @Test
    void shouldComputeParticipationWhenActionsAreInForce() {
        // when
        List<IndicatorValue> values = areaA();

        // then
        assertThat(find(values, Indicator.PARTICIPATING_PRACTICES, AG, null).value()).isEqualTo(1.0);
        assertThat(find(values, Indicator.PARTICIPATION_RATE, AG, null).value()).isEqualTo(0.25);
        assertThat(find(values, Indicator.PATIENTS_COVERED_RATE, AG, null).value()).isEqualTo(0.3);
        assertThat(find(values, Indicator.PATIENTS_COVERED_RATE, CAP, null).value()).isEqualTo(0.35);
        assertThat(find(values, Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null).value()).isEqualTo(0.0);
        assertThat(find(values, Indicator.PARTICIPATION_RATE, CollectiveAction.DEFER_PILOTS, null).value()).isEqualTo(0.0);
        IndicatorValue rate = find(values, Indicator.PARTICIPATION_RATE, AG, null);
        assertThat(rate.practices()).isEqualTo(4);
        assertThat(rate.practiceDays()).isZero();
        assertThat(rate.updatedAt()).isEqualTo(NOW);
        assertThat(rate.area()).isEqualTo("QX1");
        assertThat(rate.day()).isEqualTo(D);
    }

    @Test
    void shouldComputeChangesAgainstTheBaselineWhenBothHaveData() {
        // when
        List<IndicatorValue> values = areaA();

        // then W(d): Σlist 62,000, A&G 75, referrals 62, online 110; B: Σlist 70,000, A&G 126, referrals 63, online 196
        // ag_dropoff = 1 - (75/62,000)/(126/70,000) = 1 - 5,250,000/7,812,000
        assertThat(find(values, Indicator.AG_DROPOFF, null, null).value()).isCloseTo(1 - 5_250_000.0 / 7_812_000.0, within(EPS));
        assertThat(find(values, Indicator.AG_DROPOFF, null, null).value()).isCloseTo(0.3280, within(1e-4));
        // referral_change = (62/62,000)/(63/70,000) - 1 = 1/9
        assertThat(find(values, Indicator.REFERRAL_CHANGE, null, null).value()).isCloseTo(1.0 / 9.0, within(EPS));
        // online_request_change = (110/62,000)/(196/70,000) - 1 = 7,700,000/12,152,000 - 1
        assertThat(find(values, Indicator.ONLINE_REQUEST_CHANGE, null, null).value()).isCloseTo(7_700_000.0 / 12_152_000.0 - 1, within(EPS));
        IndicatorValue dropoff = find(values, Indicator.AG_DROPOFF, null, null);
        assertThat(dropoff.practices()).isEqualTo(2);
        assertThat(dropoff.practiceDays()).isEqualTo(12 + 14);
    }

    @Test
    void shouldComputeWindowRatesAndCompletenessWhenPracticesReport() {
        // when
        List<IndicatorValue> values = areaA();

        // then diversions 25 over Σlist 62,000; capped 24 of 120 sessions; 2,400 contacts over 120 sessions; 1 of 4 reported on d
        assertThat(find(values, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null).value()).isCloseTo(1000.0 * 25 / 62_000, within(EPS));
        assertThat(find(values, Indicator.CAPPED_SESSION_SHARE, null, null).value()).isCloseTo(0.2, within(EPS));
        assertThat(find(values, Indicator.CONTACTS_PER_SESSION, null, null).value()).isEqualTo(20.0);
        assertThat(find(values, Indicator.REPORTING_COMPLETENESS, null, null).value()).isEqualTo(0.25);
        IndicatorValue diversions = find(values, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null);
        assertThat(diversions.practices()).isEqualTo(2);
        assertThat(diversions.practiceDays()).isEqualTo(12);
        IndicatorValue completeness = find(values, Indicator.REPORTING_COMPLETENESS, null, null);
        assertThat(completeness.practices()).isEqualTo(4);
        assertThat(completeness.practiceDays()).isEqualTo(1);
    }

    @Test
    void shouldComputeAttributableChangeWhenBothGroupsHaveData() {
        // when
        List<IndicatorValue> values = areaA();

        // then with = a: A&G (35/42,000)/(70/42,000) - 1 = -0.5; without = b, c, d: (40/20,000)/(56/28,000) - 1 = 0
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS).value()).isCloseTo(-0.5, within(EPS));
        // referrals: with (42/42,000)/(35/42,000) - 1 = 0.2; without (20/20,000)/(28/28,000) - 1 = 0
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.REFERRALS).value()).isCloseTo(0.2, within(EPS));
        // contacts: with 1,400/1,400 - 1 = 0; without (1,000/20,000)/(1,400/28,000) - 1 = 0
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.PATIENT_CONTACTS).value()).isEqualTo(0.0);
        // diversions: with (21/42,000)/(7/42,000) - 1 = 2; without (4/20,000)/(7/28,000) - 1 = -0.2
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.URGENT_CARE_DIVERSIONS).value()).isCloseTo(2.2, within(EPS));
        IndicatorValue attributable = find(values, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS);
        assertThat(attributable.practices()).isEqualTo(4);
        assertThat(attributable.practiceDays()).isEqualTo(26);
        // c's group has never reported: absent, not 0
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, CAP, Metric.AG_REQUESTS).value()).isNull();
        // an action in force nowhere in A has no attributable value at all
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, CollectiveAction.DEFER_PILOTS, Metric.AG_REQUESTS)).isNull();
        assertThat(values.stream().filter(v -> v.indicator() == Indicator.ATTRIBUTABLE_CHANGE)).hasSize(2 * 5);
    }

    @Test
    void shouldLeaveAttributableChangeAbsentWhenEveryPracticeTakesTheAction() {
        // given both practices of the area take the action: the "without" group is empty
        AreaSums sums = new AreaSums();
        sums.addPractice(true, A_WINDOW, A_BASELINE, List.of(AG), 6_000);
        sums.addPractice(true, B_WINDOW, B_BASELINE, List.of(AG), 4_000);

        // when
        List<IndicatorValue> values = IndicatorCalculator.compute("QX1", D, sums, 2, 10_000, NOW);

        // then
        assertThat(find(values, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS).value()).isNull();
        assertThat(find(values, Indicator.PARTICIPATION_RATE, AG, null).value()).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveChangesAbsentWhenTheBaselineIsEmptyOrZero() {
        // given a baseline with data but no A&G requests, and an area with no baseline at all
        AreaSums zeroBaseline = new AreaSums();
        zeroBaseline.addPractice(true, A_WINDOW, Sums.of(0, 7, 42_000, 70, 1_400, 0, 7, 0, 35, 140), List.of(), 6_000);
        AreaSums noBaseline = new AreaSums();
        noBaseline.addPractice(true, A_WINDOW, new Sums(), List.of(), 6_000);

        // when
        List<IndicatorValue> zero = IndicatorCalculator.compute("QX1", D, zeroBaseline, 1, 6_000, NOW);
        List<IndicatorValue> none = IndicatorCalculator.compute("QX1", D, noBaseline, 1, 6_000, NOW);

        // then
        assertThat(find(zero, Indicator.AG_DROPOFF, null, null).value()).isNull();
        assertThat(find(zero, Indicator.REFERRAL_CHANGE, null, null).value()).isCloseTo((42.0 / 42_000) / (35.0 / 42_000) - 1, within(EPS));
        assertThat(find(none, Indicator.AG_DROPOFF, null, null).value()).isNull();
        assertThat(find(none, Indicator.REFERRAL_CHANGE, null, null).value()).isNull();
        assertThat(find(none, Indicator.ONLINE_REQUEST_CHANGE, null, null).value()).isNull();
        assertThat(find(none, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null).value()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void shouldLeaveRatesAbsentWhenNoPracticeReportedInTheWindow() {
        // given
        AreaSums silent = new AreaSums();
        silent.addPractice(false, new Sums(), A_BASELINE, List.of(), 6_000);

        // when
        List<IndicatorValue> values = IndicatorCalculator.compute("QX1", D, silent, 1, 6_000, NOW);

        // then
        assertThat(find(values, Indicator.REPORTING_COMPLETENESS, null, null).value()).isEqualTo(0.0);
        assertThat(find(values, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null).value()).isNull();
        assertThat(find(values, Indicator.CAPPED_SESSION_SHARE, null, null).value()).isNull();
        assertThat(find(values, Indicator.CONTACTS_PER_SESSION, null, null).value()).isNull();
        assertThat(find(values, Indicator.AG_DROPOFF, null, null).value()).isNull();
        assertThat(find(values, Indicator.AG_DROPOFF, null, null).practices()).isZero();
    }

    @Test
    void shouldLeaveRatiosAbsentWhenTheAreaHasNoPractices() {
        // when
        List<IndicatorValue> values = IndicatorCalculator.compute("QX9", D, new AreaSums(), 0, 0, NOW);

        // then
        assertThat(find(values, Indicator.PARTICIPATION_RATE, AG, null).value()).isNull();
        assertThat(find(values, Indicator.PATIENTS_COVERED_RATE, AG, null).value()).isNull();
        assertThat(find(values, Indicator.REPORTING_COMPLETENESS, null, null).value()).isNull();
        assertThat(find(values, Indicator.PARTICIPATING_PRACTICES, AG, null).value()).isEqualTo(0.0);
    }
}
