package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
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

    // ---------------------------------------------------------------- hand cases of indicators.md version 2

    private static DailyReport referrals(String practice, LocalDate day, int referrals) {
        return ModelFixture.report(practice, day, 0, 0, 0, 0, 0, referrals, 0);
    }

    @Test
    void shouldLeaveTheChangeAbsentWhenTheWindowHoldsADayTypeTheBaselineNeverSaw() {
        // given a baseline of working days only (Mon 1 - Fri 5 July), and p1 reporting Mon 15 - Sat 20 July
        twoIcbs();
        for (LocalDate day = BASE_FROM; !day.isAfter(LocalDate.parse("2024-07-05")); day = day.plusDays(1)) {
            fixture.send(ModelFixture.agReport("P1", day, 20));
        }
        for (LocalDate day = LocalDate.parse("2024-07-15"); !day.isAfter(LocalDate.parse("2024-07-20")); day = day.plusDays(1)) {
            fixture.send(ModelFixture.agReport("P1", day, 20));
        }

        // when
        fixture.emitAll();

        // then Fri 19 July: W(d) holds reports of Monday to Friday only, each seen once in B: E = 5·10,000·20/10,000 = 100 = O
        assertThat(fixture.value("QX1", LocalDate.parse("2024-07-19"), Indicator.AG_DROPOFF)).isEqualTo(0.0);
        // Sat 20 July: X(Saturday) = 10,000 but V(Saturday) = 0, the baseline never saw a Saturday: absent, not a guess
        IndicatorValue saturday = fixture.emitted("QX1", LocalDate.parse("2024-07-20"), Indicator.AG_DROPOFF);
        assertThat(saturday.value()).isNull();
        assertThat(saturday.low()).isNull();
        assertThat(saturday.provisional()).isFalse();
        assertThat(saturday.practices()).isEqualTo(1);
        assertThat(saturday.practiceDays()).isEqualTo(6);
    }

    @Test
    void shouldGiveNoIntervalWhenTheGroupHasOnePractice() {
        // given p3 alone in QX2 and p1 in QX1, each reporting 10 referrals a day in B and 15 a day on 8-15 July
        twoIcbs();
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            fixture.send(referrals("P1", day, 10));
            fixture.send(referrals("P3", day, 10));
        }
        for (LocalDate day = D.minusDays(7); !day.isAfter(D); day = day.plusDays(1)) {
            fixture.send(referrals("P1", day, 15));
            fixture.send(referrals("P3", day, 15));
        }

        // when
        fixture.emitAll();

        // then QX2 (n = 1): 105/70 - 1 = 0.5 with no interval; the region holds two practices, both up by half, so its
        // z_i are 0: an interval of width 0
        IndicatorValue alone = fixture.emitted("QX2", D, Indicator.REFERRAL_CHANGE);
        assertThat(alone.value()).isCloseTo(0.5, within(EPS));
        assertThat(alone.low()).isNull();
        assertThat(alone.high()).isNull();
        assertThat(alone.practices()).isEqualTo(1);
        IndicatorValue region = fixture.emitted("Y56", D, Indicator.REFERRAL_CHANGE);
        assertThat(region.value()).isCloseTo(0.5, within(EPS));
        assertThat(region.low()).isCloseTo(0.5, within(EPS));
        assertThat(region.high()).isCloseTo(0.5, within(EPS));
        assertThat(region.practices()).isEqualTo(2);
    }

    @Test
    void shouldComputeTheIntervalWorkedOutByHandWhenThreePracticesReport() {
        // given QX1 with a (list 1,000), b (2,000), c (1,000); referrals a day in B (1-7 July): a 10, b 30, c 5;
        // in W(15 July) = 9-15 July: a 12, b 20, c 10
        PracticeDirectory directory = ModelFixture.directory(List.of("QX1"), List.of("A:QX1:1000", "B:QX1:2000", "C:QX1:1000"));
        fixture = new ModelFixture(directory, BASE_FROM, BASE_TO);
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            fixture.send(referrals("A", day, 10));
            fixture.send(referrals("B", day, 30));
            fixture.send(referrals("C", day, 5));
        }
        for (LocalDate day = D.minusDays(6); !day.isAfter(D); day = day.plusDays(1)) {
            fixture.send(referrals("A", day, 12));
            fixture.send(referrals("B", day, 20));
            fixture.send(referrals("C", day, 10));
        }

        // when
        fixture.emitAll();

        // then every type t once in W and in B: X(t) = V(t) = 4,000, U(t) = 45; E = 7·4,000·45/4,000 = 315, O = 7·42 = 294,
        // R = 294/315 = 14/15, change = -1/15.
        // Per practice and type the bracket is U·x_i/V + X·U_i/V - U·X·V_i/V² = 45·L_i/4,000 + U_i - 45·L_i/4,000 = U_i
        // (x_i = V_i = L_i since X = V), so over 7 types 7·b_i, and z_i = (7·w_i - 14/15·7·b_i)/315 = (w_i - 14/15·b_i)/45:
        //   z_a = (12 - 28/3)/45 = 8/135, z_b = (20 - 28)/45 = -24/135, z_c = (10 - 14/3)/45 = 16/135 (they add up to 0)
        //   Σ z_i² = (64 + 576 + 256)/135² = 896/18,225; n = 3: se = sqrt(3/2 · 896/18,225) = sqrt(1,344/18,225) ≈ 0.271560
        //   change ± 1.959964·0.271560 = -0.066667 ± 0.532248 = [-0.598915, 0.465581]
        double se = Math.sqrt(1344.0 / 18225.0);
        IndicatorValue change = fixture.emitted("QX1", D, Indicator.REFERRAL_CHANGE);
        assertThat(change.value()).isCloseTo(-1.0 / 15.0, within(EPS));
        assertThat(change.low()).isCloseTo(-1.0 / 15.0 - 1.959963984540054 * se, within(EPS));
        assertThat(change.high()).isCloseTo(-1.0 / 15.0 + 1.959963984540054 * se, within(EPS));
        assertThat(change.low()).isCloseTo(-0.5989, within(1e-4));
        assertThat(change.high()).isCloseTo(0.4656, within(1e-4));
        assertThat(change.practices()).isEqualTo(3);
        assertThat(change.practiceDays()).isEqualTo(21);
    }

    @Test
    void shouldCompareAClosedDayWithTheBaselinesClosedDaysAndLeaveItOutOfPerWorkingDayRates() {
        // given p1 reports every day of B (1-7 July) and of 14-20 July: on working days 10 sessions, 100 contacts, 1 capped,
        // 10 diversions, 20 A&G requests; on Saturday and Sunday 2 sessions, 20 contacts, 0 capped, 50 diversions, 4 A&G
        twoIcbs();
        List<LocalDate> days = new java.util.ArrayList<>();
        for (LocalDate day = BASE_FROM; !day.isAfter(BASE_TO); day = day.plusDays(1)) {
            days.add(day);
        }
        for (LocalDate day = LocalDate.parse("2024-07-14"); !day.isAfter(LocalDate.parse("2024-07-20")); day = day.plusDays(1)) {
            days.add(day);
        }
        for (LocalDate day : days) {
            boolean closed = day.getDayOfWeek() == java.time.DayOfWeek.SATURDAY || day.getDayOfWeek() == java.time.DayOfWeek.SUNDAY;
            fixture.send(closed ? ModelFixture.report("P1", day, 2, 20, 0, 50, 4, 0, 0) : ModelFixture.report("P1", day, 10, 100, 1, 10, 20, 0, 0));
        }

        // when
        fixture.emitAll();

        // then d = Sat 20 July, a report for a closed day: its A&G requests are compared with the baseline's Saturday
        // (4 = 4), so no change; diversions per working day count Mon 15 - Fri 19 only: 1000·5·10/(5·10,000) = 1.0 on 5
        // practice-days (the weekend's 2·50 would have made it 2.86 per day); contacts and capped sessions use all 7 days:
        // (5·100 + 2·20)/(5·10 + 2·2) = 540/54 = 10, capped 5/54
        LocalDate saturday = LocalDate.parse("2024-07-20");
        assertThat(fixture.value("QX1", saturday, Indicator.AG_DROPOFF)).isEqualTo(0.0);
        IndicatorValue diversions = fixture.emitted("QX1", saturday, Indicator.URGENT_CARE_DIVERSIONS_RATE);
        assertThat(diversions.value()).isCloseTo(1.0, within(EPS));
        assertThat(diversions.practices()).isEqualTo(1);
        assertThat(diversions.practiceDays()).isEqualTo(5);
        assertThat(fixture.value("QX1", saturday, Indicator.CONTACTS_PER_SESSION)).isCloseTo(10.0, within(EPS));
        assertThat(fixture.value("QX1", saturday, Indicator.CAPPED_SESSION_SHARE)).isCloseTo(5.0 / 54.0, within(EPS));
        assertThat(fixture.emitted("QX1", saturday, Indicator.CAPPED_SESSION_SHARE).practiceDays()).isEqualTo(7);
        // and a closed day has no completeness, though p1 reported on it
        assertThat(fixture.value("QX1", saturday, Indicator.REPORTING_COMPLETENESS)).isNull();
        assertThat(fixture.emitted("QX1", saturday, Indicator.REPORTING_COMPLETENESS).practiceDays()).isEqualTo(1);
    }

    @Test
    void shouldLeaveCompletenessAbsentWhenTheDayIsAWeekend() {
        // given p1 (of p1, p2 in QX1) reports Sat 3, Sun 4 and Mon 5 August
        twoIcbs();
        for (String day : List.of("2024-08-03", "2024-08-04", "2024-08-05")) {
            fixture.send(diversions("P1", LocalDate.parse(day), 1));
        }

        // when
        fixture.emitAll();

        // then
        for (String day : List.of("2024-08-03", "2024-08-04")) {
            IndicatorValue weekend = fixture.emitted("QX1", LocalDate.parse(day), Indicator.REPORTING_COMPLETENESS);
            assertThat(weekend.value()).as(day).isNull();
            assertThat(weekend.provisional()).as(day).isFalse();
            assertThat(fixture.value("ENG", LocalDate.parse(day), Indicator.REPORTING_COMPLETENESS)).as(day).isNull();
        }
        IndicatorValue monday = fixture.emitted("QX1", LocalDate.parse("2024-08-05"), Indicator.REPORTING_COMPLETENESS);
        assertThat(monday.value()).isEqualTo(0.5);
        assertThat(monday.provisional()).isTrue();
        assertThat(fixture.value("ENG", LocalDate.parse("2024-08-05"), Indicator.REPORTING_COMPLETENESS)).isCloseTo(1.0 / 3.0, within(EPS));
    }

    @Test
    void shouldMoveTheHorizonAndTheProvisionalDaysWhenALateReportArrives() {
        // given p1 reports 1-10 August (10 sessions, 100 contacts a day): H = 10 August, so 8, 9 and 10 are provisional
        twoIcbs();
        for (LocalDate day = LocalDate.parse("2024-08-01"); !day.isAfter(LocalDate.parse("2024-08-10")); day = day.plusDays(1)) {
            fixture.send(ModelFixture.report("P1", day, 10, 100, 0, 0, 0, 0, 0));
        }
        fixture.emitAll();
        assertThat(fixture.emitted("QX1", LocalDate.parse("2024-08-07"), Indicator.CONTACTS_PER_SESSION).provisional()).isFalse();
        for (String day : List.of("2024-08-08", "2024-08-09", "2024-08-10")) {
            assertThat(fixture.emitted("QX1", LocalDate.parse(day), Indicator.CONTACTS_PER_SESSION).provisional()).as(day).isTrue();
        }
        assertThat(fixture.emitted("QX1", LocalDate.parse("2024-08-11"), Indicator.CONTACTS_PER_SESSION)).isNull();

        // when p2's report for 3 August arrives late (300 contacts in 10 sessions), then its report for 12 August
        fixture.send(ModelFixture.report("P2", LocalDate.parse("2024-08-03"), 10, 300, 0, 0, 0, 0, 0));
        fixture.send(ModelFixture.report("P2", LocalDate.parse("2024-08-12"), 10, 300, 0, 0, 0, 0, 0));
        fixture.emitAll();

        // then H = 12 August: 8 and 9 August are settled now, and re-emitted so; 10, 11 and 12 are provisional
        for (String day : List.of("2024-08-08", "2024-08-09")) {
            assertThat(fixture.emitted("QX1", LocalDate.parse(day), Indicator.CONTACTS_PER_SESSION).provisional()).as(day).isFalse();
            assertThat(fixture.emitted("ENG", LocalDate.parse(day), Indicator.CONTACTS_PER_SESSION).provisional()).as(day).isFalse();
        }
        for (String day : List.of("2024-08-10", "2024-08-11", "2024-08-12")) {
            assertThat(fixture.emitted("QX1", LocalDate.parse(day), Indicator.CONTACTS_PER_SESSION).provisional()).as(day).isTrue();
        }
        // the late report of 3 August is in W(3) … W(9): W(9) = 3-9 August: (7·100 + 300)/(8·10) = 12.5; W(10) not: 10
        assertThat(fixture.value("QX1", LocalDate.parse("2024-08-09"), Indicator.CONTACTS_PER_SESSION)).isCloseTo(12.5, within(EPS));
        assertThat(fixture.value("QX1", LocalDate.parse("2024-08-10"), Indicator.CONTACTS_PER_SESSION)).isCloseTo(10.0, within(EPS));
        // 11 August, after the old horizon, now has values: W(11) = 5-11 August, p1's 6 days: 600/60
        assertThat(fixture.value("QX1", LocalDate.parse("2024-08-11"), Indicator.CONTACTS_PER_SESSION)).isCloseTo(10.0, within(EPS));
        // W(12) = 6-12: p1's 5 days and p2's: (500 + 300)/60
        assertThat(fixture.value("QX1", LocalDate.parse("2024-08-12"), Indicator.CONTACTS_PER_SESSION)).isCloseTo(800.0 / 60.0, within(EPS));
        assertThat(fixture.emitted("QX1", LocalDate.parse("2024-08-13"), Indicator.CONTACTS_PER_SESSION)).isNull();
    }
}
