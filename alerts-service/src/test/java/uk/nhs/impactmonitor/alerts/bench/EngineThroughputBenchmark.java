package uk.nhs.impactmonitor.alerts.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.rule.Direction;
import uk.nhs.impactmonitor.alerts.rule.EarsC2Settings;
import uk.nhs.impactmonitor.alerts.rule.Rule;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.rule.RuleType;
import uk.nhs.impactmonitor.alerts.rule.ScopeKind;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * How fast the engine judges indicator values in memory (what a replay after a restart costs besides
 * reading Kafka). Not part of the build's tests (the name does not end in Test); run it with
 * {@code mvn -pl alerts-service test -Dtest=EngineThroughputBenchmark}. Values stay under every threshold, so
 * nothing is written and no broker is needed: this is the judging alone, one threshold and one EARS rule
 * per series, 42 ICBs x 10 actions x 120 days.
 */
class EngineThroughputBenchmark {

    @Test
    void measureJudgingThroughput() {
        PracticeDirectory directory = SyntheticDirectory.build();
        List<Rule> rules = List.of(
                new Rule("threshold", null, RuleType.THRESHOLD, Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                        0.5, 1.0, 0.4, null, 3, 0L, 0L, null, null, null, null),
                new Rule("ears", null, RuleType.EARS_C2, Indicator.PARTICIPATION_RATE, null, null, ScopeKind.ICB, null, Direction.ABOVE,
                        null, null, null, null, 1, 0L, 0L, null, null, null, new EarsC2Settings(7, 2, 3.0, null, 2.0, 1.0)));
        RuleBook book = new RuleBook(rules, directory);
        AlertEngine engine = new AlertEngine(book, null, new SilenceStore(null), Clock.systemUTC(), 60);
        List<String> icbs = directory.areas().stream().filter(a -> a.kind() == AreaKind.ICB).map(Area::code).toList();
        List<IndicatorValue> values = new ArrayList<>();
        LocalDate first = LocalDate.of(2024, 5, 1);
        for (int day = 0; day < 120; day++) {
            for (String icb : icbs) {
                for (CollectiveAction action : CollectiveAction.values()) {
                    values.add(new IndicatorValue(1, Indicator.PARTICIPATION_RATE, action, null, icb, first.plusDays(day),
                            0.1 + 0.001 * (day % 7), null, null, false, 150, 150, Instant.EPOCH));
                }
            }
        }
        for (int warm = 0; warm < 2; warm++) {
            values.forEach(engine::onIndicator);
        }
        long start = System.nanoTime();
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            values.forEach(engine::onIndicator);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("EngineThroughputBenchmark: %d values x %d rounds in %.2f s = %.0f values/s (2 rules per series)%n",
                values.size(), rounds, seconds, values.size() * rounds / seconds);
    }
}
