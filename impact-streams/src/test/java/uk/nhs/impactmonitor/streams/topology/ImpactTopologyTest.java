package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;

class ImpactTopologyTest {

    private static final double EPS = 1e-9;
    private static final LocalDate BASE_FROM = LocalDate.parse("2024-07-01");
    private static final LocalDate BASE_TO = LocalDate.parse("2024-07-07");
    /** Day d of worked example 1 (Monday 15 July 2024). */
    private static final LocalDate D = LocalDate.parse("2024-07-15");
    private static final CollectiveAction AG = CollectiveAction.STOP_ADVICE_AND_GUIDANCE;

    private ModelFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * Worked example 1's data (WorkedExamplesTest asserts every number of it): ICB X = QX1 with p1 (list 10,000) and
     * p2 (list 5,000); ICB QX2 has p3 (list 2,000), which never reports.
     */
    private ModelFixture workedExample() {
        PracticeDirectory directory = ModelFixture.directory(List.of("QX1", "QX2"), List.of("P1:QX1:10000", "P2:QX1:5000", "P3:QX2:2000"));
        // RocksDB stores, as in production
        fixture = new ModelFixture(directory, BASE_FROM, BASE_TO, 1000, false);
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            fixture.send(ModelFixture.agReport("P1", day, 20));
            fixture.send(ModelFixture.agReport("P2", day, 10));
        }
        for (LocalDate day = D.minusDays(6); day.isBefore(D); day = day.plusDays(1)) {
            fixture.send(ModelFixture.agReport("P1", day, 20));
            fixture.send(ModelFixture.agReport("P2", day, 10));
        }
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n1", "P1", AG, D, null));
        fixture.send(ModelFixture.agReport("P1", D, 0));
        fixture.send(ModelFixture.agReport("P2", D, 10));
        return fixture;
    }

    @Test
    void shouldComputeAttributableChangeOfTheWorkedExample() {
        // given: with = p1: O = 6·20 + 0 = 120, E = 7·10,000·20/10,000 = 140 → -1/7; without = p2: 70/70 - 1 = 0
        workedExample();

        // when
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isCloseTo(-1.0 / 7.0, within(EPS));
        // no referrals in the baseline: E = 0, absent
        assertThat(fixture.value("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.REFERRALS)).isNull();
        // in QX2 the action is in force nowhere: no value at all
        assertThat(fixture.emitted("QX2", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
        // the day before d the action is in force nowhere
        assertThat(fixture.emitted("QX1", D.minusDays(1), Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
    }

    private static final LocalDate DAY = LocalDate.parse("2024-08-20");

    /** QX1: p1 (10,000), p2 (5,000); QX2: p3 (2,000). Baseline 2024-07-01..07 as in the worked example. */
    private ModelFixture twoIcbs() {
        PracticeDirectory directory = ModelFixture.directory(List.of("QX1", "QX2"), List.of("P1:QX1:10000", "P2:QX1:5000", "P3:QX2:2000"));
        fixture = new ModelFixture(directory, BASE_FROM, BASE_TO);
        return fixture;
    }

    private static uk.nhs.impactmonitor.domain.activity.DailyReport diversions(String practice, LocalDate day, int diversions) {
        return ModelFixture.report(practice, day, 10, 200, 2, diversions, 5, 3, 4);
    }

    @Test
    void shouldReplaceNotAddWhenACorrectionLowersAndThenRaisesACount() {
        // given p1 and p2 report on DAY only: diversions 30 and 15 → 1000·45/15,000 = 3.0
        twoIcbs();
        fixture.send(diversions("P1", DAY, 30));
        fixture.send(diversions("P2", DAY, 15));
        fixture.emitAll();
        assertThat(fixture.value("QX1", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE)).isCloseTo(3.0, within(EPS));

        // when p1 corrects down to 0: 1000·15/15,000 = 1.0
        fixture.send(diversions("P1", DAY, 0));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE)).isCloseTo(1.0, within(EPS));
        assertThat(fixture.emitted("QX1", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE).practiceDays()).isEqualTo(2);

        // when p2 corrects up to 45: 1000·45/15,000 = 3.0, and the next day's window (same reports) too
        fixture.send(diversions("P2", DAY, 45));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE)).isCloseTo(3.0, within(EPS));
        assertThat(fixture.value("ENG", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE)).isCloseTo(3.0, within(EPS));
        assertThat(fixture.emitted("QX1", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE).practiceDays()).isEqualTo(2);
    }

    @Test
    void shouldCountAWithdrawnNoticeOnNoDayWhenItIsWithdrawn() {
        // given p1 declares from DAY-2; p1 and p2 have baseline and window data so attributable change has a value
        twoIcbs();
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            fixture.send(ModelFixture.agReport("P1", day, 20));
            fixture.send(ModelFixture.agReport("P2", day, 10));
        }
        fixture.send(ModelFixture.agReport("P1", DAY, 10));
        fixture.send(ModelFixture.agReport("P2", DAY, 10));
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n1", "P1", AG, DAY.minusDays(2), null));
        fixture.emitAll();
        assertThat(fixture.value("QX1", DAY, Indicator.PARTICIPATING_PRACTICES, AG, null)).isEqualTo(1.0);
        // with: (10/10,000)/(140/70,000) - 1 = -0.5; without: (10/5,000)/(70/35,000) - 1 = 0
        assertThat(fixture.value("QX1", DAY, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isCloseTo(-0.5, within(EPS));

        // when
        fixture.send(ModelFixture.notice(NoticeEventType.WITHDRAWN, "n1", "P1", AG, DAY.minusDays(2), null));
        fixture.emitAll();

        // then
        for (LocalDate day = DAY.minusDays(2); !day.isAfter(DAY); day = day.plusDays(1)) {
            assertThat(fixture.value("QX1", day, Indicator.PARTICIPATING_PRACTICES, AG, null)).isEqualTo(0.0);
            assertThat(fixture.value("ENG", day, Indicator.PATIENTS_COVERED_RATE, AG, null)).isEqualTo(0.0);
        }
        assertThat(fixture.value("QX1", DAY, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
        assertThat(fixture.indicatorStore().get(IndicatorValue.key("QX1", DAY, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS))
                .value()).isNull();
    }

    @Test
    void shouldCountANoticeUntilItsEndDateWhenItHasOne() {
        // given
        twoIcbs();
        fixture.send(ModelFixture.agReport("P1", DAY.plusDays(5), 1));

        // when p2's notice runs DAY..DAY+2 inclusive
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n2", "P2", CollectiveAction.DEFER_PILOTS, DAY, DAY.plusDays(2)));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", DAY, Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(1.0);
        assertThat(fixture.value("QX1", DAY.plusDays(2), Indicator.PARTICIPATION_RATE, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(0.5);
        assertThat(fixture.value("QX1", DAY.plusDays(3), Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(0.0);
        assertThat(fixture.value("QX1", DAY.plusDays(5), Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(0.0);

        // when the notice is corrected to end a day later
        fixture.send(ModelFixture.notice(NoticeEventType.CORRECTED, "n2", "P2", CollectiveAction.DEFER_PILOTS, DAY, DAY.plusDays(3)));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", DAY.plusDays(3), Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(1.0);
        assertThat(fixture.value("QX1", DAY.plusDays(4), Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(0.0);
    }

    @Test
    void shouldRecomputeTheSevenDaysOfALateReportWhenTheWindowHasMovedOn() {
        // given p1 reports 10 sessions with 1 capped every day DAY..DAY+10
        twoIcbs();
        for (int i = 0; i <= 10; i++) {
            fixture.send(ModelFixture.report("P1", DAY.plusDays(i), 10, 100, 1, 0, 0, 0, 0));
        }
        fixture.emitAll();
        assertThat(fixture.value("QX1", DAY.plusDays(6), Indicator.CAPPED_SESSION_SHARE)).isCloseTo(0.1, within(EPS));

        // when p2's report for DAY arrives late: 10 sessions, all 10 capped
        fixture.send(ModelFixture.report("P2", DAY, 10, 100, 10, 0, 0, 0, 0));
        fixture.emitAll();

        // then W(DAY+6) = DAY..DAY+6 holds it: (7·1 + 10)/(7·10 + 10) = 17/80; W(DAY+7) does not
        assertThat(fixture.value("QX1", DAY, Indicator.CAPPED_SESSION_SHARE)).isCloseTo(11.0 / 20.0, within(EPS));
        assertThat(fixture.value("QX1", DAY.plusDays(6), Indicator.CAPPED_SESSION_SHARE)).isCloseTo(17.0 / 80.0, within(EPS));
        assertThat(fixture.value("QX1", DAY.plusDays(7), Indicator.CAPPED_SESSION_SHARE)).isCloseTo(0.1, within(EPS));
        assertThat(fixture.emitted("QX1", DAY.plusDays(7), Indicator.CAPPED_SESSION_SHARE).practices()).isEqualTo(1);
        assertThat(fixture.value("QX1", DAY, Indicator.REPORTING_COMPLETENESS)).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveChangesAbsentWhenTheBaselineIsEmptyOrZero() {
        // given no report in the baseline at all
        twoIcbs();
        fixture.send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 5, 3, 4));
        fixture.emitAll();
        assertThat(fixture.value("QX1", DAY, Indicator.AG_DROPOFF)).isNull();
        assertThat(fixture.value("QX1", DAY, Indicator.REFERRAL_CHANGE)).isNull();

        // when the baseline has reports, but with zero A&G requests and 2 referrals a day from p1
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            fixture.send(ModelFixture.report("P1", day, 10, 100, 1, 2, 0, 2, 4));
        }
        fixture.emitAll();

        // then A&G is still absent (zero baseline); referrals: (3/10,000)/(14/70,000) - 1 = 0.5
        assertThat(fixture.value("QX1", DAY, Indicator.AG_DROPOFF)).isNull();
        assertThat(fixture.value("QX1", DAY, Indicator.REFERRAL_CHANGE)).isCloseTo(0.5, within(EPS));
        assertThat(fixture.value("QX1", DAY, Indicator.ONLINE_REQUEST_CHANGE)).isEqualTo(0.0);
    }

    @Test
    void shouldGiveCompletenessZeroAndAbsentRatesWhenNoPracticeOfTheAreaReported() {
        // given
        twoIcbs();

        // when only QX1's practices report
        fixture.send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 5, 3, 4));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX2", DAY, Indicator.REPORTING_COMPLETENESS)).isEqualTo(0.0);
        assertThat(fixture.emitted("QX2", DAY, Indicator.REPORTING_COMPLETENESS).practiceDays()).isZero();
        assertThat(fixture.value("QX2", DAY, Indicator.URGENT_CARE_DIVERSIONS_RATE)).isNull();
        assertThat(fixture.value("QX2", DAY, Indicator.CONTACTS_PER_SESSION)).isNull();
        assertThat(fixture.value("QX2", DAY, Indicator.CAPPED_SESSION_SHARE)).isNull();
        // the region holds P1, P2 and P3: 1 of 3 reported
        assertThat(fixture.value("Y56", DAY, Indicator.REPORTING_COMPLETENESS)).isCloseTo(1.0 / 3.0, within(EPS));
        assertThat(fixture.value("Y56", DAY, Indicator.CONTACTS_PER_SESSION)).isEqualTo(10.0);
    }

    @Test
    void shouldLeaveAttributableChangeAbsentWhenOneGroupIsEmpty() {
        // given the worked example's data, and p2 also stops A&G from d: every QX1 practice is in the "with" group
        workedExample();
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n3", "P2", AG, D, null));

        // when
        fixture.emitAll();

        // then in QX1 the "without" group is empty; in the region p3 is without the action but never reported
        assertThat(fixture.value("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
        assertThat(fixture.emitted("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS).low()).isNull();
        assertThat(fixture.value("Y56", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
        assertThat(fixture.value("QX1", D, Indicator.PARTICIPATION_RATE, AG, null)).isEqualTo(1.0);
        assertThat(fixture.value("QX1", D, Indicator.AG_DROPOFF)).isCloseTo(2.0 / 21.0, within(EPS));
    }

    @Test
    void shouldEmitOnlyChangedValuesWhenAReportChangesNothing() {
        // given
        twoIcbs();
        fixture.send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 5, 3, 4));
        fixture.emitAll();
        int before = fixture.emittedCount();

        // when the same counts arrive again
        fixture.send(ModelFixture.report("P1", DAY, 10, 100, 1, 2, 5, 3, 4));
        fixture.emitAll();

        // then
        assertThat(fixture.emittedCount()).isEqualTo(before);
    }
}
