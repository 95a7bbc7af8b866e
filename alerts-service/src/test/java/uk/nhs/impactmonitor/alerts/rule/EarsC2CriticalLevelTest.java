package uk.nhs.impactmonitor.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * EARS C2's critical level ({@code criticalSigmas}), on EarsC2Test's hand-worked series: baseline (days 1-7) 10, 12, 11,
 * 13, 9, 10, 12: mean 11, sample sd sqrt(2) = 1.414214; guard band days 8-9; day 10 judged. Warning 3 sigmas, critical
 * 3.5, clear 2: a CRITICAL alert steps back to WARNING under 3.5 - (3 - 2) = 2.5 sigmas.
 * Day 10 = 16:   C2 = 5 / 1.414214 = 3.535534 >= 3.5: CRITICAL, threshold 11 + 3.5 x 1.414214 = 15.949747.
 * Day 10 = 15.9: C2 = 4.9 / 1.414214 = 3.464823: WARNING (threshold 15.242641), not back under the critical clear.
 * Day 10 = 14.5: C2 = 3.5 / 1.414214 = 2.474874 < 2.5: clears CRITICAL; no level (< 3), not clear of WARNING (>= 2).
 */
class EarsC2CriticalLevelTest {

    private static final LocalDate DAY_1 = LocalDate.of(2024, 8, 1);
    private static final LocalDate DAY_10 = DAY_1.plusDays(9);

    @Test
    void shouldBeCriticalWhenC2ReachesCriticalSigmas() {
        // given
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 16);

        // when
        DayReading reading = DayJudge.read(rule(), series, DAY_10);

        // then
        assertThat(reading.level()).isEqualTo(Severity.CRITICAL);
        assertThat(reading.threshold()).isCloseTo(15.949747, within(1e-6));
        assertThat(reading.clearsCritical()).isFalse();
    }

    @Test
    void shouldBeWarningAndNotClearCriticalWhenC2IsBetweenWarningAndCriticalSigmas() {
        // given
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 15.9);

        // when
        DayReading reading = DayJudge.read(rule(), series, DAY_10);

        // then
        assertThat(reading.level()).isEqualTo(Severity.WARNING);
        assertThat(reading.threshold()).isCloseTo(15.242641, within(1e-6));
        assertThat(reading.clearsCritical()).isFalse();
    }

    @Test
    void shouldClearCriticalButNotWarningWhenC2FallsUnderTheCriticalClear() {
        // given
        TreeMap<LocalDate, IndicatorValue> series = series(10, 12, 11, 13, 9, 10, 12, 40, 45, 14.5);

        // when
        DayReading reading = DayJudge.read(rule(), series, DAY_10);

        // then
        assertThat(reading.level()).isNull();
        assertThat(reading.clearsCritical()).isTrue();
        assertThat(reading.clearsWarning()).isFalse();
    }

    private static Rule rule() {
        return new Rule("aberration", null, RuleType.EARS_C2, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, ScopeKind.ICB, null,
                Direction.ABOVE, null, null, null, null, 1, 0L, 0L, null, null, null, new EarsC2Settings(7, 2, 3.0, 3.5, 2.0, 0.01));
    }

    private static TreeMap<LocalDate, IndicatorValue> series(double... values) {
        TreeMap<LocalDate, IndicatorValue> series = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            LocalDate d = DAY_1.plusDays(i);
            series.put(d, new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.URGENT_CARE_DIVERSIONS_RATE, null, null, "QKK", d,
                    values[i], null, null, false, 10, 70, Instant.EPOCH));
        }
        return series;
    }
}
