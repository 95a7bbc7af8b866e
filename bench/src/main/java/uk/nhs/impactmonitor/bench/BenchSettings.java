package uk.nhs.impactmonitor.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one benchmark run does ({@code --name=value}; {@code --scale=full} is the documented run, {@code --scale=small}
 * the one the test suite runs; any setting below overrides the scale's).
 *
 * @param scale             {@code full} or {@code small}
 * @param practices         practices of the synthetic directory that report (0 = all 6,202)
 * @param days              days of the 1× volume, from the start of the baseline (365: a national year)
 * @param scales            multiples of the 1× volume replayed through the full topology (more DAYS: 2× is two years)
 * @param latencySamples    notice POSTs timed end to end
 * @param ingestRequests    single-report POSTs of the ingest load test
 * @param ingestConnections concurrent requests in flight during the ingest load test
 * @param serviceHeap       -Xmx of each service JVM
 * @param startupProbe      whether to time the one-command local stack's start-up (a JVM of its own)
 * @param budgetMinutes     a larger multiple is skipped (and the report says so) when its replay, projected from the 1×
 *                          rate, would end the run after this many minutes (0: no limit)
 * @param services          whether to run sections 4-6 on the services (false: the Kafka and model sections only)
 * @param sections          {@code all}, or {@code latency}: only section 4 (the 1× data written, the services started and
 *                          caught up, the notice samples timed), with every sample's times in {@code latency-samples.csv}
 *                          next to the report; its report goes to {@code target/bench-latency} unless {@code --docs} says
 *                          otherwise, so it never replaces the full run's {@code docs/benchmarks.md} by accident; or
 *                          {@code appointments}: only section 5b (an ingest-service with the real directory, a month of
 *                          NHS England's appointments file), its report in {@code target/bench-appointments}
 * @param serviceArgs       extra arguments for every service JVM, space-separated: JVM options ({@code -X...}, {@code -D...};
 *                          {@code {service}} stands for the service's directory) and arguments of its main (e.g. a
 *                          logging level), for looking into a latency
 * @param sharedData        the shared NHS England data directory (section 5b reads its appointments file and practice
 *                          directory); default {@code ../shared/data} (beside the repository); the section is skipped,
 *                          and the report says so, when the files are not there
 * @param docs              where benchmarks.md and the chart go
 * @param workDir           broker log, state directories, GC logs (deleted at the end unless {@code --keep=true})
 * @param keep              keep {@code workDir}
 */
public record BenchSettings(String scale, int practices, int days, List<Integer> scales, int latencySamples, int ingestRequests,
                            int ingestConnections, String serviceHeap, boolean startupProbe, int budgetMinutes, boolean services, String sections, List<String> serviceArgs, Path sharedData, Path docs, Path workDir,
                            boolean keep) {

    private static final Set<String> OPTIONS = Set.of("scale", "practices", "days", "scales", "latency-samples", "ingest-requests",
            "ingest-connections", "service-heap", "startup-probe", "budget-minutes", "services", "sections", "service-args", "shared-data", "docs", "work-dir",
            "keep");

    /** NHS England's files beside the repository (bench.sh runs from the repository's root). */
    static final Path SHARED_DATA = Path.of("..", "shared", "data");

    public static BenchSettings full() {
        return new BenchSettings("full", 0, 365, List.of(1, 2, 4), 1_000, 30_000, 64, "512m", true, 20, true, "all", List.of(), SHARED_DATA, Path.of("docs"),
                Path.of("target", "bench-work"), false);
    }

    public static BenchSettings small() {
        return new BenchSettings("small", 20, 14, List.of(1, 2), 20, 300, 8, "512m", true, 0, true, "all", List.of(), SHARED_DATA, Path.of("target", "bench-docs"),
                Path.of("target", "bench-work"), false);
    }

    public static BenchSettings parse(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0 || !OPTIONS.contains(arg.substring(2, equals))) {
                throw new IllegalArgumentException(arg + ": expected --name=value with a name of " + OPTIONS);
            }
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        String scale = options.getOrDefault("scale", "full");
        BenchSettings base = switch (scale) {
            case "full" -> full();
            case "small" -> small();
            default -> throw new IllegalArgumentException("--scale: full or small, not " + scale);
        };
        String sections = options.getOrDefault("sections", base.sections());
        if (!List.of("all", "latency", "appointments").contains(sections)) {
            throw new IllegalArgumentException("--sections: all, latency or appointments, not " + sections);
        }
        Path docs = options.containsKey("docs") ? Path.of(options.get("docs"))
                : sections.equals("all") ? base.docs() : Path.of("target", "bench-" + sections);
        return new BenchSettings(scale,
                integer(options, "practices", base.practices()),
                integer(options, "days", base.days()),
                options.containsKey("scales")
                        ? Arrays.stream(options.get("scales").split(",")).map(String::trim).map(Integer::parseInt).sorted().toList()
                        : base.scales(),
                integer(options, "latency-samples", base.latencySamples()),
                integer(options, "ingest-requests", base.ingestRequests()),
                integer(options, "ingest-connections", base.ingestConnections()),
                options.getOrDefault("service-heap", base.serviceHeap()),
                Boolean.parseBoolean(options.getOrDefault("startup-probe", String.valueOf(base.startupProbe()))),
                integer(options, "budget-minutes", base.budgetMinutes()),
                Boolean.parseBoolean(options.getOrDefault("services", String.valueOf(base.services()))),
                sections,
                options.containsKey("service-args") ? Arrays.stream(options.get("service-args").trim().split("\\s+")).filter(a -> !a.isEmpty()).toList()
                        : base.serviceArgs(),
                Path.of(options.getOrDefault("shared-data", base.sharedData().toString())),
                docs,
                Path.of(options.getOrDefault("work-dir", base.workDir().toString())),
                Boolean.parseBoolean(options.getOrDefault("keep", "false")));
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": a whole number, not " + value);
        }
    }

    /** Only section 4 (the notice latency): no replays, no ingest load, no start-up probe. */
    public boolean latencyOnly() {
        return sections.equals("latency");
    }

    /** Only section 5b (the appointments file): no national data, no other section. */
    public boolean appointmentsOnly() {
        return sections.equals("appointments");
    }

    /** The largest multiple replayed (the data produced covers it). */
    public int maxScale() {
        return scales.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
