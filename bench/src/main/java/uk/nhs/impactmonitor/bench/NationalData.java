package uk.nhs.impactmonitor.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import uk.nhs.impactmonitor.domain.directory.DirectoryLoadReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.simulator.SimulatorMain;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.EventSink;
import uk.nhs.impactmonitor.simulator.output.KafkaSink;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/**
 * The records every measurement replays: the simulator's {@code expected} scenario stretched to the volume asked for
 * (its uptake is flat after the last point of the curve), for every practice of the directory (or the first
 * {@code practices}), from the start of the baseline. The 1× volume is arrival days 1..{@code days}; 2× and 4× are
 * the following years, appended to the same topics, so each multiple is a superset of the one before.
 */
final class NationalData {

    private final PracticeDirectory directory;
    private final ActivityGenerator generator;
    private final int days;

    NationalData(PracticeDirectory directory, int practices, int days, int maxScale) {
        this.directory = directory;
        this.days = days;
        Scenario expected = ScenarioLoader.shipped("expected");
        int totalDays = days * maxScale;
        // a short run (the test's two weeks) keeps a week of action: its baseline shrinks to what is left
        int baselineWeeks = Math.min(expected.baselineWeeks(), (days - 7) / 7);
        if (baselineWeeks < 1) {
            throw new IllegalArgumentException("--days: at least 14 (a baseline week and a week of action)");
        }
        int actionDays = totalDays - baselineWeeks * 7;
        Scenario stretched = new Scenario(expected.name(), expected.description(), expected.seed(), expected.startDate(),
                baselineWeeks, actionDays, expected.seasonality(), expected.reporting(), expected.notices(), expected.actions());
        this.generator = new ActivityGenerator(stretched, practices <= 0 ? directory : firstPractices(directory, practices));
    }

    /** The first {@code n} practices of the directory, in all of the directory's areas. */
    static PracticeDirectory firstPractices(PracticeDirectory directory, int n) {
        List<Practice> some = directory.practices().stream().limit(n).toList();
        return new PracticeDirectory(some, directory.areas(), DirectoryLoadReport.clean("first " + n + " practices"));
    }

    PracticeDirectory directory() {
        return directory;
    }

    int practices() {
        return generator.practices().size();
    }

    LocalDate baselineFrom() {
        return generator.scenario().baselineStart();
    }

    LocalDate baselineTo() {
        return generator.scenario().startDate().minusDays(1);
    }

    /** First arrival day of multiple {@code scale} (1-based: the 1× volume starts on the first baseline day). */
    LocalDate firstDayOf(int scale) {
        return baselineFrom().plusDays((long) (scale - 1) * days);
    }

    /** Last arrival day of the volume {@code scale}× (inclusive). */
    LocalDate lastDayOf(int scale) {
        return baselineFrom().plusDays((long) scale * days - 1);
    }

    /** One national day as the directory's every open practice would report it (the batch of section 5). */
    List<uk.nhs.impactmonitor.domain.activity.DailyReport> nationalDay(LocalDate day) {
        return directory.practices().stream().filter(Practice::open).map(practice -> generator.activity(practice, day)).toList();
    }

    /** Writes arrival days {@code from..to} to Kafka through the simulator's own sink. */
    Produced produce(String bootstrapServers, LocalDate from, LocalDate to) {
        long started = System.nanoTime();
        SimulatorMain.RunSummary summary;
        long acknowledged;
        try (KafkaSink sink = new KafkaSink(bootstrapServers)) {
            summary = SimulatorMain.send(generator, from, to, sink);
            acknowledged = sink.acknowledged();
        }
        return new Produced(summary.reports(), summary.notices(), acknowledged, (System.nanoTime() - started) / 1e9);
    }

    /** Hands every event of arrival days {@code from..to}, in arrival order, to {@code each} (nothing is sent). */
    void replay(LocalDate from, LocalDate to, Consumer<SimulatedEvent> each) {
        SimulatorMain.send(generator, from, to, new EventSink() {
            @Override
            public void send(LocalDate arrivalDay, List<SimulatedEvent> events) {
                events.forEach(each);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** What one production wrote: reports and notice events, acknowledged by the broker, in how long. */
    record Produced(long reports, long notices, long acknowledged, double seconds) {
        long records() {
            return reports + notices;
        }

        Produced plus(Produced other) {
            return new Produced(reports + other.reports, notices + other.notices, acknowledged + other.acknowledged,
                    seconds + other.seconds);
        }
    }
}
