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
    /** Day d of the worked example. */
    private static final LocalDate D = LocalDate.parse("2024-08-07");
    private static final CollectiveAction AG = CollectiveAction.STOP_ADVICE_AND_GUIDANCE;

    private ModelFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** ICB X = QX1 with p1 (list 10,000) and p2 (list 5,000); ICB QX2 has p3 (list 2,000), which never reports. */
    private ModelFixture workedExample() {
        PracticeDirectory directory = ModelFixture.directory(List.of("QX1", "QX2"), List.of("P1:QX1:10000", "P2:QX1:5000", "P3:QX2:2000"));
        fixture = new ModelFixture(directory, BASE_FROM, BASE_TO);
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
    void shouldComputeTheWorkedExampleOfIndicatorsMd() {
        // given the worked example: base = 1000·210/105,000 = 2.0; rate7 = 1000·190/105,000 ≈ 1.8095
        workedExample();

        // when
        fixture.emitAll();

        // then ag_dropoff = 1 - (190/105)/2 = 2/21 ≈ 0.0952
        assertThat(fixture.value("QX1", D, Indicator.AG_DROPOFF)).isCloseTo(1 - (190.0 / 105.0) / 2.0, within(EPS));
        assertThat(fixture.value("QX1", D, Indicator.AG_DROPOFF)).isCloseTo(0.0952, within(1e-4));
        assertThat(fixture.value("QX1", D, Indicator.PARTICIPATION_RATE, AG, null)).isEqualTo(0.5);
        assertThat(fixture.value("QX1", D, Indicator.PARTICIPATING_PRACTICES, AG, null)).isEqualTo(1.0);
        assertThat(fixture.value("QX1", D, Indicator.PATIENTS_COVERED_RATE, AG, null)).isCloseTo(10_000.0 / 15_000.0, within(EPS));
        // the region and England hold p3 too (list 2,000), which never reports: pooled rates are unchanged
        assertThat(fixture.value("Y56", D, Indicator.AG_DROPOFF)).isCloseTo(2.0 / 21.0, within(EPS));
        assertThat(fixture.value("ENG", D, Indicator.AG_DROPOFF)).isCloseTo(2.0 / 21.0, within(EPS));
        assertThat(fixture.value("ENG", D, Indicator.PARTICIPATION_RATE, AG, null)).isCloseTo(1.0 / 3.0, within(EPS));
        assertThat(fixture.value("ENG", D, Indicator.PATIENTS_COVERED_RATE, AG, null)).isCloseTo(10_000.0 / 17_000.0, within(EPS));
        // basis: 2 practices reporting in W(d), 14 window + 14 baseline practice-days
        IndicatorValue dropoff = fixture.emitted("QX1", D, Indicator.AG_DROPOFF);
        assertThat(dropoff.practices()).isEqualTo(2);
        assertThat(dropoff.practiceDays()).isEqualTo(28);
        assertThat(dropoff.updatedAt()).isNotNull();
        // the day before d: nothing in force, rate7 equals base
        assertThat(fixture.value("QX1", D.minusDays(1), Indicator.AG_DROPOFF)).isEqualTo(0.0);
        assertThat(fixture.value("QX1", D.minusDays(1), Indicator.PARTICIPATING_PRACTICES, AG, null)).isEqualTo(0.0);
    }

    @Test
    void shouldReturnAgDropoffToZeroWhenTheReportIsCorrected() {
        // given
        workedExample();
        fixture.emitAll();

        // when p1 corrects its report for d to 20 requests
        fixture.send(ModelFixture.agReport("P1", D, 20));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", D, Indicator.AG_DROPOFF)).isEqualTo(0.0);
        assertThat(fixture.emitted("QX1", D, Indicator.AG_DROPOFF).practiceDays()).isEqualTo(28);
        assertThat(fixture.indicatorStore().get(IndicatorValue.key("QX1", D, Indicator.AG_DROPOFF, null, null)).value()).isEqualTo(0.0);
    }

    @Test
    void shouldComputeAttributableChangeOfTheWorkedExample() {
        // given: with = p1: rate7 = 1000·120/70,000, base = 2.0 → change -1/7; without = p2: change 0
        workedExample();

        // when
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isCloseTo(-1.0 / 7.0, within(EPS));
        // no referrals in the baseline: absent
        assertThat(fixture.value("QX1", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.REFERRALS)).isNull();
        // in QX2 the action is in force nowhere: no value at all
        assertThat(fixture.emitted("QX2", D, Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
        // the day before d the action is in force nowhere
        assertThat(fixture.emitted("QX1", D.minusDays(1), Indicator.ATTRIBUTABLE_CHANGE, AG, Metric.AG_REQUESTS)).isNull();
    }
}
