package uk.nhs.impactmonitor.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.nhs.impactmonitor.domain.directory.NhsDirectoryLoader;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.EventSink;
import uk.nhs.impactmonitor.simulator.output.IngestApiSink;
import uk.nhs.impactmonitor.simulator.output.KafkaSink;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/**
 * Runs a scenario by hand: a backfill straight to Kafka, a replay through the ingest API, or (with neither)
 * a dry run that only counts what would be sent.
 *
 * <pre>
 * --scenario=expected|mild|reasonable-worst-case|path/to/file.yml   (default expected)
 * --seed=N                         another seed for the same scenario
 * --to-kafka=host:port             write to practice-notices and practice-activity directly
 * --to-ingest=http://host:8081 --token=T   send through the ingest-service with an admin token
 * --from=2024-07-04 --to=2024-11-28       arrival days (default: the scenario's baseline start and end)
 * --practices=FILE --list-sizes=FILE      NHS England's files (default: the synthetic directory)
 * </pre>
 */
public final class SimulatorMain {

    private static final Set<String> OPTIONS = Set.of("scenario", "seed", "to-kafka", "to-ingest", "token", "from", "to",
            "practices", "list-sizes");

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException {
        run(args, System.out);
    }

    /** What {@link #main} does, writing its summary to {@code out}; returns what was generated per arrival day. */
    public static RunSummary run(String[] args, PrintStream out) throws IOException {
        Map<String, String> options = parse(args);
        checkDestination(options);
        Scenario scenario = ScenarioLoader.load(options.getOrDefault("scenario", ScenarioLoader.DEFAULT_SCENARIO));
        if (options.containsKey("seed")) {
            scenario = scenario.withSeed(parseLong(options.get("seed"), "seed"));
        }
        PracticeDirectory directory = directory(options);
        LocalDate from = date(options, "from", scenario.baselineStart());
        LocalDate to = date(options, "to", scenario.endDate());
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to: must not be before --from (" + from + ")");
        }
        ActivityGenerator generator = new ActivityGenerator(scenario, directory);
        long started = System.nanoTime();
        RunSummary summary;
        try (EventSink sink = sink(options)) {
            summary = send(generator, from, to, sink);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("scenario %s (seed %d), %d practices, arrival days %s to %s: %d notice events, %d reports (%d corrections) "
                        + "%s in %.1f s%n", scenario.name(), scenario.seed(), generator.practices().size(), from, to,
                summary.notices(), summary.reports(), summary.corrections(),
                options.containsKey("to-kafka") ? "written to Kafka" : options.containsKey("to-ingest") ? "sent to the ingest API" : "generated (dry run)",
                seconds);
        return summary;
    }

    /** Counts of a run. */
    public record RunSummary(long notices, long reports, long corrections) {
    }

    /** Generates and sends day by day, so memory stays at one day's events whatever the range. */
    public static RunSummary send(ActivityGenerator generator, LocalDate from, LocalDate to, EventSink sink) {
        long notices = 0;
        long reports = 0;
        long corrections = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            List<SimulatedEvent> events = generator.eventsArrivingOn(day);
            if (sink != null) {
                sink.send(day, events);
            }
            for (SimulatedEvent event : events) {
                if (event instanceof SimulatedEvent.Report report) {
                    reports++;
                    corrections += report.correction() ? 1 : 0;
                } else {
                    notices++;
                }
            }
        }
        if (sink != null) {
            sink.flush();
        }
        return new RunSummary(notices, reports, corrections);
    }

    private static void checkDestination(Map<String, String> options) {
        if (options.containsKey("to-kafka") && options.containsKey("to-ingest")) {
            throw new IllegalArgumentException("--to-kafka and --to-ingest: give one or the other");
        }
        if (options.containsKey("to-ingest")) {
            String token = options.get("token");
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("--token: required with --to-ingest (an admin token of the ingest-service)");
            }
        }
        date(options, "from", null);
        date(options, "to", null);
        if (options.containsKey("seed")) {
            parseLong(options.get("seed"), "seed");
        }
    }

    private static EventSink sink(Map<String, String> options) {
        if (options.containsKey("to-kafka")) {
            return new KafkaSink(options.get("to-kafka"));
        }
        if (options.containsKey("to-ingest")) {
            return new IngestApiSink(URI.create(options.get("to-ingest")), options.get("token"));
        }
        return null;
    }

    private static PracticeDirectory directory(Map<String, String> options) throws IOException {
        String practices = options.get("practices");
        String listSizes = options.get("list-sizes");
        if (practices == null && listSizes == null) {
            return SyntheticDirectory.build();
        }
        if (practices == null || listSizes == null) {
            throw new IllegalArgumentException("--practices and --list-sizes: give both NHS England files or neither");
        }
        return NhsDirectoryLoader.load(Path.of(practices), Path.of(listSizes));
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException(arg + ": expected --name=value; options: " + OPTIONS);
            }
            String name = arg.substring(2, equals);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("--" + name + ": unknown option; options: " + OPTIONS);
            }
            options.put(name, arg.substring(equals + 1));
        }
        return options;
    }

    private static LocalDate date(Map<String, String> options, String name, LocalDate fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + ": must be an ISO date such as 2024-08-01, not " + value);
        }
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": must be a whole number, not " + value);
        }
    }
}
