package uk.nhs.impactmonitor.streams.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.DirectoryLoadReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * appointments_change and appointments_rate against values worked out by hand (indicators.md, "The GP appointments
 * feed"), through the real topology.
 *
 * <p>Directory: ICB QAA (region Y56) has sub-ICBs S1 (one practice, list 1,000), S2 (list 2,000), S3 (list 1,000);
 * ICB QBB (region Y56) has only S4 (list 1,000). Baseline 1–7 July 2024: every working day S1 10 appointments, S2
 * 20, S3 10, S4 10 (no weekend rows). Window of d = Friday 19 July 2024: 13–19 July, rows Monday 15 – Friday 19
 * only: S1 15 a day, S2 20, S3 8, S4 12.
 */
class AppointmentsIndicatorsTest {

    static final LocalDate D = LocalDate.of(2024, 7, 19);

    static PracticeDirectory directory() {
        List<Area> areas = List.of(
                new Area("Y56", "Region Y56", AreaKind.REGION, Area.ENGLAND, "E40000003"),
                new Area("QAA", "ICB QAA", AreaKind.ICB, "Y56", "E54000001"),
                new Area("QBB", "ICB QBB", AreaKind.ICB, "Y56", "E54000002"));
        List<Practice> practices = List.of(
                new Practice("P1", "P1", "U1", "S1", "QAA", "Y56", 1000, true),
                new Practice("P2", "P2", "U1", "S2", "QAA", "Y56", 2000, true),
                new Practice("P3", "P3", "U1", "S3", "QAA", "Y56", 1000, true),
                new Practice("P4", "P4", "U1", "S4", "QBB", "Y56", 1000, true));
        return new PracticeDirectory(practices, areas, DirectoryLoadReport.clean("test"));
    }

    static AppointmentsFixture loaded() {
        AppointmentsFixture fixture = new AppointmentsFixture(directory(), LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 7));
        for (int day = 1; day <= 5; day++) {
            LocalDate e = LocalDate.of(2024, 7, day);
            fixture.send("S1", e, 10, 10);
            fixture.send("S2", e, 20, 20);
            fixture.send("S3", e, 10, 10);
            fixture.send("S4", e, 10, 5);
        }
        for (int day = 15; day <= 19; day++) {
            LocalDate e = LocalDate.of(2024, 7, day);
            fixture.send("S1", e, 15, 15);
            fixture.send("S2", e, 20, 20);
            fixture.send("S3", e, 8, 8);
            fixture.send("S4", e, 12, 6);
        }
        return fixture.emit();
    }

    @Test
    void shouldGiveTheHandWorkedChangeAndIntervalWhenThreeSubIcbsFormAnIcb() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            // when
            IndicatorValue change = fixture.stored("QAA", D, Indicator.APPOINTMENTS_CHANGE, Metric.ALL);

            // then
            // O = 5·15 + 5·20 + 5·8 = 215. Each weekday type t: X(t) = 4,000, U(t) = 40, V(t) = 4,000, so
            // E = 5 · 4,000 · 40/4,000 = 200 and change = 215/200 − 1 = 0.075; R = 1.075.
            // Per type, i's derivative term is U·x_i/V + X·U_i/V − U·X·V_i/V² = 0.01·x_i + U_i − 0.01·V_i:
            // S1 10 + 10 − 10 = 10 (×5 = 50), S2 20 (×5 = 100), S3 10 (×5 = 50).
            // z1 = (75 − 1.075·50)/200 = 0.10625; z2 = (100 − 1.075·100)/200 = −0.0375; z3 = (40 − 53.75)/200 = −0.06875
            // (they add up to 0). Σz² = 0.0112890625 + 0.00140625 + 0.0047265625 = 0.017421875; n = 3;
            // se = sqrt(3/2 · 0.017421875) = sqrt(0.0261328125) ≈ 0.16166
            double se = Math.sqrt(0.0261328125);
            assertThat(change.value()).isCloseTo(0.075, within(1e-12));
            assertThat(change.low()).isCloseTo(0.075 - 1.959963984540054 * se, within(1e-12));
            assertThat(change.high()).isCloseTo(0.075 + 1.959963984540054 * se, within(1e-12));
            assertThat(change.low()).isCloseTo(-0.24184, within(1e-4));
            assertThat(change.high()).isCloseTo(0.39184, within(1e-4));
            assertThat(change.provisional()).isFalse();
            // basis: three sub-ICBs of one practice each; 15 sub-ICB-days in W(d)
            assertThat(change.practices()).isEqualTo(3);
            assertThat(change.practiceDays()).isEqualTo(15);
        }
    }

    @Test
    void shouldGiveTheHandWorkedRateWhenThreeSubIcbsFormAnIcb() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            // when
            IndicatorValue rate = fixture.stored("QAA", D, Indicator.APPOINTMENTS_RATE, Metric.ALL);

            // then
            // working days 15–19 July: 215 appointments over Σ list = 5 · 4,000 = 20,000 → 1000 · 215 / 20,000 = 10.75
            assertThat(rate.value()).isCloseTo(10.75, within(1e-12));
            assertThat(rate.low()).isNull();
            assertThat(rate.high()).isNull();
            assertThat(rate.practiceDays()).isEqualTo(15);
        }
    }

    @Test
    void shouldGiveNoIntervalWhenTheAreaHasOneSubIcb() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            // when
            IndicatorValue all = fixture.stored("QBB", D, Indicator.APPOINTMENTS_CHANGE, Metric.ALL);
            IndicatorValue gp = fixture.stored("QBB", D, Indicator.APPOINTMENTS_CHANGE, Metric.GP);

            // then
            // all: O = 5·12 = 60, E = 5 · 1,000 · 10/1,000 = 50 → 60/50 − 1 = 0.2; gp: 30/25 − 1 = 0.2; n = 1: no interval
            assertThat(all.value()).isCloseTo(0.2, within(1e-12));
            assertThat(all.low()).isNull();
            assertThat(all.high()).isNull();
            assertThat(all.practices()).isEqualTo(1);
            assertThat(gp.value()).isCloseTo(0.2, within(1e-12));
            // rate{gp}: 30 over 5 · 1,000 → 6.0
            assertThat(fixture.stored("QBB", D, Indicator.APPOINTMENTS_RATE, Metric.GP).value()).isCloseTo(6.0, within(1e-12));
        }
    }

    @Test
    void shouldCountASubIcbDayOnceWithTheLaterCountsWhenItIsSentTwice() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            fixture.send("S1", D, 500, 400);
            fixture.emit();
            assertThat(fixture.stored("QAA", D, Indicator.APPOINTMENTS_CHANGE, Metric.ALL).value()).isGreaterThan(1.0);

            // when
            fixture.send("S1", D, 15, 15);
            fixture.emit();

            // then
            // back to the hand-worked 0.075 (O = 215), and the day's totals hold 15 + 20 + 8 = 43, not 500 more
            assertThat(fixture.stored("QAA", D, Indicator.APPOINTMENTS_CHANGE, Metric.ALL).value()).isCloseTo(0.075, within(1e-12));
            AreaAppointments totals = fixture.totals().get(AreaAppointments.key("QAA", D));
            assertThat(totals).isEqualTo(new AreaAppointments("QAA", D, 43, 43, 3));
        }
    }

    @Test
    void shouldHaveNoValuesAfterTheFeedsHorizonAndNoneProvisionalWhenDataEnds() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            // when
            LocalDate horizon = fixture.horizon();

            // then
            assertThat(horizon).isEqualTo(D);
            for (Indicator indicator : List.of(Indicator.APPOINTMENTS_CHANGE, Indicator.APPOINTMENTS_RATE)) {
                for (Metric metric : Metric.APPOINTMENT_METRICS) {
                    assertThat(fixture.stored("ENG", D.plusDays(1), indicator, metric)).isNull();
                    assertThat(fixture.model.emitted("ENG", D.plusDays(1), indicator, null, metric)).isNull();
                    for (LocalDate day = LocalDate.of(2024, 7, 1); !day.isAfter(D); day = day.plusDays(1)) {
                        IndicatorValue value = fixture.stored("ENG", day, indicator, metric);
                        assertThat(value).as("%s %s %s", indicator, metric, day).isNotNull();
                        assertThat(value.provisional()).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void shouldComputeTheNewDaysWhenTheHorizonMovesOn() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            // when
            fixture.send("S4", LocalDate.of(2024, 7, 22), 10, 5);
            fixture.emit();

            // then
            assertThat(fixture.horizon()).isEqualTo(LocalDate.of(2024, 7, 22));
            // 20 July: W = 14–20 July holds 15–19 July for S4: 60 against 50 expected
            assertThat(fixture.stored("QBB", LocalDate.of(2024, 7, 20), Indicator.APPOINTMENTS_CHANGE, Metric.ALL).value())
                    .isCloseTo(0.2, within(1e-12));
            // 22 July: S4's W = 16–22 July: 4·12 + 10 = 58 against 5 · 10 = 50 expected → 0.16
            assertThat(fixture.stored("QBB", LocalDate.of(2024, 7, 22), Indicator.APPOINTMENTS_CHANGE, Metric.ALL).value())
                    .isCloseTo(0.16, within(1e-12));
        }
    }

    // TopologyTestDriver does not route the dead-letter records a DeserializationExceptionHandler returns (see
    // DeadLetterTest); that area-appointments is read through that handler, to area-appointments.dlq, is what this shows
    @Test
    void shouldProcessTheNextRecordWhenARecordCannotBeRead() {
        // given
        try (AppointmentsFixture fixture = loaded()) {
            // when a negative count and a broken record arrive for S1's 19 July, then a good S4 row for 22 July
            fixture.sendRaw("S1/2024-07-19", "{\"schemaVersion\":1,\"subIcb\":\"S1\",\"day\":\"2024-07-19\",\"all\":-3,\"gp\":0}");
            fixture.sendRaw("S1/2024-07-19", "not json");
            fixture.send("S4", LocalDate.of(2024, 7, 22), 10, 5);
            fixture.emit();

            // then S1's counts are still the good ones (0.075 as worked out above) and the next record counted
            assertThat(fixture.stored("QAA", D, Indicator.APPOINTMENTS_CHANGE, Metric.ALL).value()).isCloseTo(0.075, within(1e-12));
            assertThat(fixture.horizon()).isEqualTo(LocalDate.of(2024, 7, 22));
        }
    }
}
