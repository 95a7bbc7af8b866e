package uk.nhs.impactmonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.InvalidScenarioException;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/** The command line, and the day-by-day send loop the benchmark will reuse, at small scale. */
class SimulatorMainTest {

    @Test
    void shouldCountWhatWouldBeSentWhenNoDestinationIsGiven() throws Exception {
        // given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {"--scenario=mild", "--from=2024-08-01", "--to=2024-08-03"};

        // when
        SimulatorMain.RunSummary summary = SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));

        // then: the same counts as the generator's own events for those arrival days
        List<SimulatedEvent> events = new ActivityGenerator(ScenarioLoader.shipped("mild"), TestDirectories.NATIONAL)
                .events(LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 3));
        long notices = events.stream().filter(e -> e instanceof SimulatedEvent.Notice).count();
        long corrections = events.stream().filter(e -> e instanceof SimulatedEvent.Report r && r.correction()).count();
        assertThat(summary.notices()).isEqualTo(notices).isPositive();
        assertThat(summary.reports()).isEqualTo(events.size() - notices);
        assertThat(summary.corrections()).isEqualTo(corrections);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("scenario mild (seed 20240801), 6202 practices")
                .contains("generated (dry run)");
    }

    @Test
    void shouldSendThroughTheIngestApiWhenAskedTo() throws Exception {
        // given
        try (IngestStub stub = new IngestStub()) {
            String[] args = {"--scenario=expected", "--from=2024-10-01", "--to=2024-10-01", "--to-ingest=" + stub.url(), "--token=t"};

            // when
            SimulatorMain.RunSummary summary = SimulatorMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            // then
            long batched = stub.successful().stream().filter(r -> r.path().equals("/api/v1/activity/batch"))
                    .mapToLong(r -> r.json().size()).sum();
            long declared = stub.successful().stream().filter(r -> r.path().equals("/api/v1/notices")).count();
            assertThat(batched).isEqualTo(summary.reports());
            assertThat(declared).isEqualTo(summary.notices()).isPositive();
        }
    }

    @Test
    void shouldNameTheOptionWhenAnArgumentIsWrong() {
        assertThatThrownBy(() -> SimulatorMain.run(new String[] {"--speed=fast"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--speed: unknown option");
        assertThatThrownBy(() -> SimulatorMain.run(new String[] {"--from=1 August"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--from: must be an ISO date");
        assertThatThrownBy(() -> SimulatorMain.run(new String[] {"--to-ingest=http://127.0.0.1:1"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--token: required");
        assertThatThrownBy(() -> SimulatorMain.run(new String[] {"--scenario=nowhere.yml"}, System.out))
                .isInstanceOf(InvalidScenarioException.class).hasMessageContaining("nowhere.yml");
    }
}
