package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
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

/**
 * The worked examples of indicators.md (version 2), through the whole topology, every number asserted. ICB X is QX1
 * with p1 (list 10,000) and p2 (list 5,000); QX2 holds p3 (list 2,000), which never reports, so that the region Y56
 * and England hold a practice that is not in the example and must change nothing but the participation rates.
 */
class WorkedExamplesTest {

    private static final double EPS = 1e-9;
    private static final double Z = 1.959963984540054;
    private static final CollectiveAction AG = CollectiveAction.STOP_ADVICE_AND_GUIDANCE;

    private ModelFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static PracticeDirectory directory() {
        return ModelFixture.directory(List.of("QX1", "QX2"), List.of("P1:QX1:10000", "P2:QX1:5000", "P3:QX2:2000"));
    }

    // ---------------------------------------------------------------- worked example 1

    private static final LocalDate E1_BASE_FROM = LocalDate.parse("2024-07-01");
    private static final LocalDate E1_BASE_TO = LocalDate.parse("2024-07-07");
    /** d = Monday 15 July 2024. */
    private static final LocalDate D = LocalDate.parse("2024-07-15");

    /** Baseline 1-7 July: p1 20 A&G requests a day, p2 10; 9-14 July the same; on d p1 0 (and its notice), p2 10. */
    private void workedExample1() {
        fixture = new ModelFixture(directory(), E1_BASE_FROM, E1_BASE_TO);
        for (LocalDate day = E1_BASE_FROM; !day.isAfter(E1_BASE_TO); day = day.plusDays(1)) {
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
    }

    @Test
    void shouldComputeEveryNumberOfWorkedExample1WhenP1StopsAdviceAndGuidance() {
        // given
        workedExample1();

        // when
        fixture.emitAll();

        // then O = 6·30 + 10 = 190; every type t has X(t) = 15,000, U(t) = 30, V(t) = 15,000, so E = 7·15,000·30/15,000 = 210
        // change = 190/210 - 1 = -2/21 ≈ -0.0952, ag_dropoff = 2/21
        IndicatorValue dropoff = fixture.emitted("QX1", D, Indicator.AG_DROPOFF);
        assertThat(dropoff.value()).isCloseTo(2.0 / 21.0, within(EPS));
        assertThat(dropoff.value()).isCloseTo(0.0952, within(1e-4));
        // the interval, by hand. R = 19/21. For each practice and each of the 7 types the bracket is
        // U·x_i/V + X·U_i/V - U·X·V_i/V²:
        //   p1: 30·10,000/15,000 + 15,000·20/15,000 - 30·15,000·10,000/15,000² = 20 + 20 - 20 = 20, over 7 types 140;
        //       o_1 = 6·20 + 0 = 120; z_1 = (120 - 19/21·140)/210 = (120 - 380/3)/210 = -2/63
        //   p2: 10 + 10 - 10 = 10, over 7 types 70; o_2 = 70; z_2 = (70 - 19/21·70)/210 = (20/3)/210 = +2/63
        // n = 2: se = sqrt(2/1 · (4/3969 + 4/3969)) = sqrt(16/3969) = 4/63 ≈ 0.063492
        // change ± z·se = -0.095238 ± 1.959964·0.063492 = -0.095238 ± 0.124442 = [-0.219680, 0.029204]
        // ag_dropoff's interval is [-high, -low] of the change: [-0.0292, 0.2197]
        double se = 4.0 / 63.0;
        assertThat(dropoff.low()).isCloseTo(2.0 / 21.0 - Z * se, within(EPS));
        assertThat(dropoff.high()).isCloseTo(2.0 / 21.0 + Z * se, within(EPS));
        assertThat(dropoff.low()).isCloseTo(-0.0292, within(1e-4));
        assertThat(dropoff.high()).isCloseTo(0.2197, within(1e-4));
        // basis: n = 2 practices with a report in W(d) or B; the 14 reports of W(d)
        assertThat(dropoff.practices()).isEqualTo(2);
        assertThat(dropoff.practiceDays()).isEqualTo(14);
        // no later report: H = d, so d (and d-1, d-2) are provisional (d > H - 3); d-3 is settled
        assertThat(dropoff.provisional()).isTrue();
        assertThat(fixture.emitted("QX1", D.minusDays(2), Indicator.AG_DROPOFF).provisional()).isTrue();
        assertThat(fixture.emitted("QX1", D.minusDays(3), Indicator.AG_DROPOFF).provisional()).isFalse();
        assertThat(fixture.emitted("QX1", D.minusDays(3), Indicator.AG_DROPOFF).value()).isEqualTo(0.0);

        // participation: 1 of 2 practices, 10,000 of 15,000 patients; never provisional
        assertThat(fixture.value("QX1", D, Indicator.PARTICIPATING_PRACTICES, AG, null)).isEqualTo(1.0);
        assertThat(fixture.value("QX1", D, Indicator.PARTICIPATION_RATE, AG, null)).isEqualTo(0.5);
        assertThat(fixture.value("QX1", D, Indicator.PATIENTS_COVERED_RATE, AG, null)).isCloseTo(10_000.0 / 15_000.0, within(EPS));
        assertThat(fixture.value("QX1", D, Indicator.PATIENTS_COVERED_RATE, AG, null)).isCloseTo(0.667, within(1e-3));
        assertThat(fixture.emitted("QX1", D, Indicator.PARTICIPATION_RATE, AG, null).provisional()).isFalse();
        assertThat(fixture.emitted("QX1", D, Indicator.PARTICIPATION_RATE, AG, null).low()).isNull();

        // attributable change: G1 = {p1}: 120/140 - 1 = -1/7; G0 = {p2}: 70/70 - 1 = 0; -1/7 ≈ -0.1429, no interval (n = 1 each)
        IndicatorValue attributable = fixture.emitted("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS);
        assertThat(attributable.value()).isCloseTo(-1.0 / 7.0, within(EPS));
        assertThat(attributable.value()).isCloseTo(-0.1429, within(1e-4));
        assertThat(attributable.low()).isNull();
        assertThat(attributable.high()).isNull();
        assertThat(attributable.practices()).isEqualTo(2);
        assertThat(attributable.practiceDays()).isEqualTo(14);
        assertThat(attributable.provisional()).isTrue();

        // the region and England hold p3 too, which never reports (n stays 2): the same change and interval
        for (String area : List.of("Y56", "ENG")) {
            IndicatorValue wider = fixture.emitted(area, D, Indicator.AG_DROPOFF);
            assertThat(wider.value()).as(area).isCloseTo(2.0 / 21.0, within(EPS));
            assertThat(wider.low()).as(area).isCloseTo(2.0 / 21.0 - Z * se, within(EPS));
            assertThat(wider.high()).as(area).isCloseTo(2.0 / 21.0 + Z * se, within(EPS));
            assertThat(wider.practices()).as(area).isEqualTo(2);
        }
        assertThat(fixture.value("ENG", D, Indicator.PARTICIPATION_RATE, AG, null)).isCloseTo(1.0 / 3.0, within(EPS));
        assertThat(fixture.value("ENG", D, Indicator.PATIENTS_COVERED_RATE, AG, null)).isCloseTo(10_000.0 / 17_000.0, within(EPS));
        // d is a Monday: completeness 2 of 2 in QX1, 2 of 3 in England
        assertThat(fixture.value("QX1", D, Indicator.REPORTING_COMPLETENESS)).isEqualTo(1.0);
        assertThat(fixture.value("ENG", D, Indicator.REPORTING_COMPLETENESS)).isCloseTo(2.0 / 3.0, within(EPS));
    }

    @Test
    void shouldReturnAgDropoffToZeroWhenP1CorrectsItsReportOfWorkedExample1() {
        // given
        workedExample1();
        fixture.emitAll();

        // when p1 sends a corrected report for d with 20 requests
        fixture.send(ModelFixture.agReport("P1", D, 20));
        fixture.emitAll();

        // then O = 210 = E: ag_dropoff 0; every practice matches its expectation (z_i = 0), so the interval is [0, 0]
        IndicatorValue dropoff = fixture.emitted("QX1", D, Indicator.AG_DROPOFF);
        assertThat(dropoff.value()).isEqualTo(0.0);
        assertThat(dropoff.low()).isCloseTo(0.0, within(EPS));
        assertThat(dropoff.high()).isCloseTo(0.0, within(EPS));
        assertThat(dropoff.practiceDays()).isEqualTo(14);
        assertThat(fixture.indicatorStore().get(IndicatorValue.key("QX1", D, Indicator.AG_DROPOFF, null, null)).value()).isEqualTo(0.0);
        // and G1 = {p1} now matches its baseline too
        assertThat(fixture.value("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isEqualTo(0.0);
    }

    // ---------------------------------------------------------------- worked example 2

    private static final LocalDate E2_BASE_FROM = LocalDate.parse("2024-07-01");
    private static final LocalDate E2_BASE_TO = LocalDate.parse("2024-07-28");
    private static final LocalDate BANK_HOLIDAY = LocalDate.parse("2024-08-26");
    private static final LocalDate LAST_REPORT = LocalDate.parse("2024-08-30");
    private static final LocalDate NOTICE_FROM = LocalDate.parse("2024-09-02");

    /**
     * Baseline 1-28 July (four of each weekday); every day from 1 July to 30 August, on working days p1 sends 20 A&G
     * requests and 20 referrals, p2 10 and 10; on weekends and on the bank holiday of Monday 26 August both send 0.
     * p1 gives notice of STOP_ADVICE_AND_GUIDANCE from Monday 2 September, in advance.
     */
    private void workedExample2() {
        fixture = new ModelFixture(directory(), E2_BASE_FROM, E2_BASE_TO);
        for (LocalDate day = E2_BASE_FROM; !day.isAfter(LAST_REPORT); day = day.plusDays(1)) {
            boolean working = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !day.equals(BANK_HOLIDAY);
            fixture.send(ModelFixture.report("P1", day, 0, 0, 0, 0, working ? 20 : 0, working ? 20 : 0, 0));
            fixture.send(ModelFixture.report("P2", day, 0, 0, 0, 0, working ? 10 : 0, working ? 10 : 0, 0));
        }
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n1", "P1", AG, NOTICE_FROM, null));
    }

    @Test
    void shouldReadNoFallAfterTheBankHolidayWhenComparingByDayType() {
        // given
        workedExample2();

        // when
        fixture.emitAll();

        // then for d = 27 August: W(d) = Wed 21 … Tue 27, with Monday 26 a bank holiday of type Sunday. For the four
        // working types t: X(t) = 15,000, U(t) = 4·30 = 120, V(t) = 4·15,000, so X·U/V = 30 each; for Saturday and
        // Sunday (twice, with the bank holiday) U(t) = 0. E = 4·30 = 120 = O: no change (version 1 pooled the bank holiday
        // with the working days and read 120/105,000 against 600/420,000 as a 20% fall)
        for (LocalDate d = LocalDate.parse("2024-08-27"); !d.isAfter(LAST_REPORT); d = d.plusDays(1)) {
            IndicatorValue dropoff = fixture.emitted("QX1", d, Indicator.AG_DROPOFF);
            IndicatorValue referrals = fixture.emitted("QX1", d, Indicator.REFERRAL_CHANGE);
            assertThat(dropoff.value()).as("ag_dropoff %s", d).isCloseTo(0.0, within(EPS));
            assertThat(referrals.value()).as("referral_change %s", d).isCloseTo(0.0, within(EPS));
            // every practice brings what its baseline says, z_i = 0: the interval is [0, 0]
            assertThat(dropoff.low()).as("low %s", d).isCloseTo(0.0, within(EPS));
            assertThat(dropoff.high()).as("high %s", d).isCloseTo(0.0, within(EPS));
            assertThat(referrals.low()).as("low %s", d).isCloseTo(0.0, within(EPS));
            assertThat(referrals.high()).as("high %s", d).isCloseTo(0.0, within(EPS));
            assertThat(dropoff.practices()).isEqualTo(2);
            assertThat(dropoff.practiceDays()).isEqualTo(14);
            assertThat(fixture.value("ENG", d, Indicator.REFERRAL_CHANGE)).as("England %s", d).isCloseTo(0.0, within(EPS));
        }
        // 26 August is not a working day: completeness absent (and so not provisional); 27 August: 2 of 2
        IndicatorValue bankHoliday = fixture.emitted("QX1", BANK_HOLIDAY, Indicator.REPORTING_COMPLETENESS);
        assertThat(bankHoliday.value()).isNull();
        assertThat(bankHoliday.provisional()).isFalse();
        assertThat(fixture.value("QX1", BANK_HOLIDAY.plusDays(1), Indicator.REPORTING_COMPLETENESS)).isEqualTo(1.0);
        // H = 30 August, L = 3: 28, 29 and 30 August are provisional, 27 August is settled
        assertThat(fixture.emitted("QX1", LocalDate.parse("2024-08-27"), Indicator.AG_DROPOFF).provisional()).isFalse();
        for (String day : List.of("2024-08-28", "2024-08-29", "2024-08-30")) {
            assertThat(fixture.emitted("QX1", LocalDate.parse(day), Indicator.AG_DROPOFF).provisional()).as(day).isTrue();
            assertThat(fixture.emitted("QX1", LocalDate.parse(day), Indicator.REPORTING_COMPLETENESS).provisional()).as(day).isTrue();
        }
        // nothing report-based exists for 31 August (after H), in any area
        LocalDate afterHorizon = LAST_REPORT.plusDays(1);
        for (String area : List.of("QX1", "QX2", "Y56", "ENG")) {
            for (Indicator indicator : List.of(Indicator.AG_DROPOFF, Indicator.REFERRAL_CHANGE, Indicator.ONLINE_REQUEST_CHANGE,
                    Indicator.URGENT_CARE_DIVERSIONS_RATE, Indicator.CAPPED_SESSION_SHARE, Indicator.CONTACTS_PER_SESSION,
                    Indicator.REPORTING_COMPLETENESS)) {
                assertThat(fixture.emitted(area, afterHorizon, indicator)).as("%s %s", area, indicator).isNull();
            }
        }
        assertThat(fixture.allEmitted().values()).filteredOn(v -> v.day().isAfter(LAST_REPORT))
                .allMatch(v -> v.indicator() == Indicator.PARTICIPATING_PRACTICES || v.indicator() == Indicator.PARTICIPATION_RATE
                        || v.indicator() == Indicator.PATIENTS_COVERED_RATE);
        // while participation from the notice effective 2 September exists for 2 September (a plan), not provisional
        IndicatorValue planned = fixture.emitted("QX1", NOTICE_FROM, Indicator.PARTICIPATING_PRACTICES, AG, null);
        assertThat(planned.value()).isEqualTo(1.0);
        assertThat(planned.provisional()).isFalse();
        assertThat(fixture.value("QX1", NOTICE_FROM, Indicator.PARTICIPATION_RATE, AG, null)).isEqualTo(0.5);
        assertThat(fixture.value("ENG", NOTICE_FROM, Indicator.PATIENTS_COVERED_RATE, AG, null)).isCloseTo(10_000.0 / 17_000.0, within(EPS));
        // and it is in force on no day up to H
        assertThat(fixture.value("QX1", LAST_REPORT, Indicator.PARTICIPATING_PRACTICES, AG, null)).isEqualTo(0.0);
    }
}
