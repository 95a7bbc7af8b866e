package uk.nhs.impactmonitor.alerts.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.alerts.lifecycle.Series.QKK_PARTICIPATION;
import static uk.nhs.impactmonitor.alerts.lifecycle.Series.at;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.domain.alert.AlertState;

/**
 * A value flapping around the threshold (0.49, 0.51, 0.49, ... for 30 days) is one alert, firing once:
 * hysteresis keeps it firing between the clear threshold and the warning threshold. Without hysteresis the
 * same sequence would be a storm, which is what makes this test able to fail.
 */
class FlappingTest {

    /** Counts the episodes (distinct startsAt) and state changes of the alert over a flapping series. */
    private static int[] episodesAndChanges(Rule rule) {
        Series series = new Series();
        Alert alert = null;
        Set<Instant> episodes = new HashSet<>();
        int changes = 0;
        for (int day = 1; day <= 30; day++) {
            series.day(day, day % 2 == 1 ? 0.51 : 0.49);
            Alert next = AlertLifecycle.evaluate(rule, QKK_PARTICIPATION, series.map(), alert, at(day));
            if (next != null && (alert == null || alert.state() != next.state())) {
                changes++;
            }
            alert = next;
            if (alert != null && alert.state() == AlertState.FIRING) {
                episodes.add(alert.startsAt());
            }
        }
        return new int[] {episodes.size(), changes};
    }

    @Test
    void shouldFireOnceWhenValueFlapsAroundWarningThreshold() {
        // given: WARNING at 0.5, clear under 0.4
        Rule rule = Series.threshold(0.5, 0.8, 0.4, 1, 0);

        // when
        int[] result = episodesAndChanges(rule);

        // then: one episode, one change (to FIRING), never resolved in between
        assertThat(result[0]).isEqualTo(1);
        assertThat(result[1]).isEqualTo(1);
    }

    @Test
    void shouldStormWhenRuleHasNoHysteresis() {
        // given: clear = warning: no hysteresis
        Rule rule = Series.threshold(0.5, 0.8, 0.5, 1, 0);

        // when
        int[] result = episodesAndChanges(rule);

        // then: 15 breaching days, each a new episode; 30 state changes (fire, resolve, fire, ...)
        assertThat(result[0]).isEqualTo(15);
        assertThat(result[1]).isEqualTo(30);
    }
}
