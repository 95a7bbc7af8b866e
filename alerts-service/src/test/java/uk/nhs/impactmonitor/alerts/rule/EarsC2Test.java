package uk.nhs.impactmonitor.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertLifecycle;
import uk.nhs.impactmonitor.alerts.lifecycle.SeriesKey;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * EARS C2 on a hand-worked series. Baseline (days 1-7): 10, 12, 11, 13, 9, 10, 12.
 * mean = 77 / 7 = 11; deviations -1, 1, 0, 2, -2, -1, 1; squares sum to 12; sample variance 12 / 6 = 2;
 * sd = sqrt(2) = 1.414214. Guard band days 8-9 (2 days) hold 40 and 45: were they in the baseline, the
 * mean would be far higher and day 10 would not alarm. Day 10 is judged.
 * Day 10 = 16: C2 = (16 - 11) / 1.414214 = 3.535534 >= 3, WARNING; threshold = 11 + 3 x 1.414214 = 15.242641.
 * Day 10 = 15: C2 = 4 / 1.414214 = 2.828427: no alarm, and not clear either (>= 2).
 * Day 10 = 13: C2 = 2 / 1.414214 = 1.414214 < 2: clears.
 */
class EarsC2Test {

    private static final LocalDate DAY_1 = LocalDate.of(2024, 8, 1);
    private static final LocalDate DAY_10 = DAY_1.plusDays(9);
    private static final SeriesKey KEY = new SeriesKey("QKK", Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null);

    private static TreeMap<LocalDate, IndicatorValue> series(double... values) {
        TreeMap<LocalDate, IndicatorValue> series = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            put(series, i + 1, values[i]);
        }
        return series;
    }

    private static void put(TreeMap<LocalDate, IndicatorValue> series, int day, Double value) {
        LocalDate d = DAY_1.plusDays(day - 1);
        series.put(d, new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, "QKK", d,
                value, null, null, false, 10, 70, Instant.EPOCH));
    }

    @Test
    void shouldComputeMeanSampleDeviationAndStatisticByHand() {
        // given
        double[] baseline = {10, 12, 11, 13, 9, 10, 12};

        // when
        EarsC2 c2 = EarsC2.of(baseline, 16, Direction.ABOVE, 0.01);

        // then
        assertThat(c2.mean()).isCloseTo(11.0, within(1e-9));
        assertThat(c2.sd()).isCloseTo(1.414214, within(1e-6));
        assertThat(c2.sigma()).isCloseTo(1.414214, within(1e-6));
        assertThat(c2.statistic()).isCloseTo(3.535534, within(1e-6));
        assertThat(c2.thresholdAt(3, Direction.ABOVE)).isCloseTo(15.242641, within(1e-6));
    }

    @Test
    void shouldAlarmOnDayBeyondThreeSigmaIgnoringGuardBand() {
        // given
        Rule rule = rule(0.01);
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 16);

        // when
        DayReading reading = DayJudge.read(rule, series, DAY_10);

        // then
        assertThat(reading.usable()).isTrue();
        assertThat(reading.level()).isEqualTo(Severity.WARNING);
        assertThat(reading.threshold()).isCloseTo(15.242641, within(1e-6));
    }

    @Test
    void shouldNeitherAlarmNorClearBetweenClearAndWarningSigmas() {
        // given
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 15);

        // when
        DayReading reading = DayJudge.read(rule(0.01), series, DAY_10);

        // then
        assertThat(reading.level()).isNull();
        assertThat(reading.clearsWarning()).isFalse();
    }

    @Test
    void shouldClearUnderClearSigmas() {
        // given
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 13);

        // when
        DayReading reading = DayJudge.read(rule(0.01), series, DAY_10);

        // then
        assertThat(reading.level()).isNull();
        assertThat(reading.clearsWarning()).isTrue();
    }

    @Test
    void shouldUseMinimumSigmaWhenBaselineIsFlat() {
        // given: baseline all 5.0 (sd 0), minimum sigma 0.5: 6.4 is C2 = 1.4 / 0.5 = 2.8; 6.5 is 3.0
        TreeMap<LocalDate, IndicatorValue> quiet = series(5, 5, 5, 5, 5, 5, 5, 5, 5, 6.4);
        TreeMap<LocalDate, IndicatorValue> loud = series(5, 5, 5, 5, 5, 5, 5, 5, 5, 6.5);

        // when
        DayReading under = DayJudge.read(rule(0.5), quiet, DAY_10);
        DayReading at = DayJudge.read(rule(0.5), loud, DAY_10);

        // then
        assertThat(under.level()).isNull();
        assertThat(at.level()).isEqualTo(Severity.WARNING);
        assertThat(at.threshold()).isCloseTo(6.5, within(1e-9));
    }

    @Test
    void shouldAlarmOnFallWhenDirectionIsBelow() {
        // given: 6 is (11 - 6) / 1.414214 = 3.535534 under the mean
        Rule rule = new Rule("fall", null, RuleType.EARS_C2, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, ScopeKind.ICB, null,
                Direction.BELOW, null, null, null, null, 1, 0L, 0L, null, null, null, new EarsC2Settings(7, 2, 3.0, null, 2.0, 0.01));
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 11, 11, 6);

        // when
        DayReading reading = DayJudge.read(rule, series, DAY_10);

        // then
        assertThat(reading.level()).isEqualTo(Severity.WARNING);
        // 11 - 3 x 1.4142136 = 6.757359
        assertThat(reading.threshold()).isCloseTo(6.757359, within(1e-6));
    }

    @Test
    void shouldGiveNoVerdictWhenBaselineHasHole() {
        // given: day 4 of the baseline is missing
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 16);
        series.remove(DAY_1.plusDays(3));

        // when
        DayReading reading = DayJudge.read(rule(0.01), series, DAY_10);

        // then
        assertThat(reading.usable()).isFalse();
    }

    @Test
    void shouldFireAlertWithDayThresholdWhenRuleIsEarsC2() {
        // given
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 16);

        // when
        Alert alert = AlertLifecycle.evaluate(rule(0.01), KEY, series, null, Instant.parse("2024-08-10T09:00:00Z"));

        // then
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.value()).isEqualTo(16.0);
        assertThat(alert.threshold()).isCloseTo(15.242641, within(1e-6));
        assertThat(alert.day()).isEqualTo(DAY_10);
    }

    private static Rule rule(double minSigma) {
        return new Rule("aberration", null, RuleType.EARS_C2, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, ScopeKind.ICB, null,
                Direction.ABOVE, null, null, null, null, 1, 0L, 0L, null, null, null, new EarsC2Settings(7, 2, 3.0, null, 2.0, minSigma));
    }
}
