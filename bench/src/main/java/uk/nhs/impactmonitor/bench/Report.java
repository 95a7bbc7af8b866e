package uk.nhs.impactmonitor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes {@code benchmarks.md} and its chart ({@code benchmarks-scaling.svg}) from a run's {@link Results}. */
final class Report {

    static final String FILE = "benchmarks.md";
    static final String CHART = "benchmarks-scaling.svg";
    static final String SAMPLES = "latency-samples.csv";
    private static final double MIB = 1024.0 * 1024.0;

    private Report() {
    }

    static Bench.Outcome write(Results r, Path docs) throws IOException {
        Files.createDirectories(docs);
        Path file = docs.resolve(FILE);
        if (r.settings.latencyOnly()) {
            // every sample, with its wall-clock time, to line up with the services' logs; not written by the full run,
            // whose report goes to docs/
            List<String> lines = new java.util.ArrayList<>(List.of(NoticeLatencyBench.Sample.CSV_HEADER));
            r.latency.samples().forEach(sample -> lines.add(sample.csv()));
            Files.write(docs.resolve(SAMPLES), lines);
            Files.writeString(file, markdown(r));
            return new Bench.Outcome(r, file, null);
        }
        if (r.settings.appointmentsOnly()) {
            Files.writeString(file, markdown(r));
            return new Bench.Outcome(r, file, null);
        }
        Path chart = docs.resolve(CHART);
        Files.writeString(chart, Chart.svg(r));
        Files.writeString(file, markdown(r));
        return new Bench.Outcome(r, file, chart);
    }

    /** Section 5b: issue 15's "a month of England is accepted in ≤ 2 s on this machine". */
    private static void appointments(StringBuilder md, Results r) {
        md.append("### 5b. NHS England's appointments file over HTTP\n\n");
        AppointmentsIngestBench.Result a = r.appointments;
        if (a == null) {
            md.append("Not run: NHS England's files were not found (`--shared-data=`).\n\n");
            return;
        }
        md.append(String.format(Locale.ROOT, "The shared file's largest month, %s (%,d rows, %,d bytes, its header and rows exactly as published), "
                + "to `POST /api/v1/appointments` as admin, by an ingest-service of its own (`-Xmx%s`) that knows the real practice directory "
                + "(the other sections' synthetic sub-ICBs are not NHS England's). One post right after start-up, then %d timed posts, each "
                + "replacing the sub-ICB-days of the one before; each answered once every sub-ICB-day was acknowledged by the broker.%n%n",
                a.month(), a.rows(), a.bytes(), r.settings.serviceHeap(), a.seconds().count()));
        md.append("| rows | accepted | rejected lines | sub-ICB-days | first post after start | p50 | max | target |\n|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %,d | %,d | %d | %,d | %.2f s | %.2f s | %.2f s | a month of England ≤ 2 s: %s |%n%n", a.rows(),
                a.accepted(), a.rejected(), a.subIcbDays(), a.firstSeconds(), a.seconds().p50(), a.seconds().max(),
                a.seconds().max() <= 2.0 ? "met" : "MISSED"));
    }

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        BenchSettings s = r.settings;
        md.append("# Benchmarks\n\n");
        md.append("Written by `./bench.sh").append(s.scale().equals("full") ? "" : " --scale=" + s.scale())
                .append("` (module `bench`, `uk.nhs.impactmonitor.bench.Bench`): every number below comes from that one run, on one ")
                .append("in-process KRaft broker (`LocalKafkaBroker`). Run it again to replace this file.\n\n");

        md.append("## Settings\n\n| | |\n|---|---|\n");
        row(md, "date (UTC)", r.started + " to " + r.finished + " (" + minutes(Duration.between(r.started, r.finished)) + ")");
        row(md, "git commit", gitCommit());
        row(md, "machine", cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible, " + memory() + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        row(md, "load average before (1, 5, 15 min, runnable/total, last pid)", "`" + r.loadBefore + "`");
        row(md, "load average after", "`" + r.loadAfter + "`");
        row(md, "JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        row(md, "JVM flags (benchmark JVM: broker, clients, Streams)", "`" + String.join(" ", jvmFlags()) + "`");
        row(md, "service JVMs (sections 4-6)", "`-Xmx" + s.serviceHeap() + " -Xlog:gc:file=...`, one JVM per service");
        if (s.appointmentsOnly()) {
            md.append("\nOnly section 5b was run (`--sections=appointments`).\n\n");
            appointments(md, r);
            r.notes.forEach(note -> md.append("- ").append(note).append('\n'));
            return md.toString();
        }
        row(md, "settings", "scale `" + s.scale() + "`, practices " + r.practices + ", 1× = " + s.days() + " days (arrival days "
                + r.firstDay + " to " + r.lastDay1x + "), multiples " + s.scales() + " (more days: 2× is two years), "
                + s.latencySamples() + " latency samples, " + s.ingestRequests() + " ingest requests with " + s.ingestConnections() + " in flight");
        row(md, "data", "the simulator's `expected` scenario (uptake flat after its last point), synthetic directory (6,202 practices, "
                + "every one reporting unless `--practices` says fewer), written with the simulator's `KafkaSink` (idempotent, lz4)");
        NationalData.Produced one = r.produced.get(1);
        row(md, "1× volume", String.format(Locale.ROOT, "%,d records: %,d reports + %,d notice events, produced in %.1f s", one.records(),
                one.reports(), one.notices(), one.seconds()));
        row(md, "broker", String.format(Locale.ROOT, "one node, broker+controller, started with its topics in %.1f s; topics of 1 partition",
                r.brokerStartSeconds));
        md.append('\n');

        if (s.latencyOnly()) {
            md.append("Only section 4 was run (`--sections=latency`): the 1× data written, the services started on it and caught up, then the ")
                    .append("notice samples; every sample's times are in `").append(SAMPLES).append("` next to this file.\n\n");
            latency(md, r);
            return md.toString();
        }

        md.append("## 1. Raw consumer (the broker's floor)\n\n");
        md.append("A plain `KafkaConsumer`, no group, reading practice-notices and practice-activity from the beginning as bytes.\n\n");
        md.append(String.format(Locale.ROOT, "| records | bytes (key+value) | seconds | records/s | MB/s |\n|---|---|---|---|---|\n| %,d | %,d | %.2f | **%,.0f** | %.1f |\n\n",
                r.raw.records(), r.raw.bytes(), r.raw.seconds(), r.raw.recordsPerSecond(), r.raw.bytes() / MIB / r.raw.seconds()));
        md.append("Records consumed = records produced: **").append(r.raw.records() == one.records() ? "yes" : "NO")
                .append(String.format(Locale.ROOT, "** (%,d consumed, %,d produced, %,d acknowledged).%n%n", r.raw.records(), one.records(), one.acknowledged()));

        md.append("## 2. Simplest Streams aggregation (the engine's floor)\n\n");
        md.append("Both topics with the contract's JSON serdes → re-keyed by practice → repartitioned → `count()` per practice into a ")
                .append("changelogged RocksDB store, with impact-streams' own engine properties (exactly_once_v2, commit 100 ms, no cache). ")
                .append("Timed from RUNNING to the stream thread's `process-total` reaching 2 × records (each record is processed ")
                .append("once from its topic and once from the repartition topic).\n\n");
        StreamsRun.Measured sm = r.simple.measured();
        md.append(String.format(Locale.ROOT, "| records | seconds | records/s | counted in the store | RocksDB on disk | changelog |\n|---|---|---|---|---|---|\n| %,d | %.1f | **%,.0f** | %,d (%s) | %.1f MiB | %.1f MiB |\n\n",
                r.simple.records(), sm.processedSeconds(), r.simple.recordsPerSecond(), r.simple.counted(),
                r.simple.counted() == r.simple.records() ? "= records" : "≠ records", sm.stateDirBytes() / MIB, sm.changelogBytes() / MIB));

        md.append("## 3. Full impact-streams topology (national replay)\n\n");
        md.append("`ImpactStreams` (the service's own class: `ImpactTopology` and its engine properties, exactly_once_v2, RocksDB) over the ")
                .append("same records, a fresh application id per run. *Processed* = RUNNING → `process-total` at 2 × records; *settled* = ")
                .append("then every pending day recomputed and emitted (the pending-days store empty). Heap = used after a full GC with the ")
                .append("instance loaded, less before it started (the model is in memory: see below).\n\n");
        ReplayBench.Result base = r.replays.get(1);
        double ratio = base.recordsPerSecond() / r.simple.recordsPerSecond();
        double settledRatio = base.records() / base.measured().settledSeconds() / r.simple.recordsPerSecond();
        md.append(String.format(Locale.ROOT, "**1×: %,.0f records/s processed (%.1f s), settled after %.1f s. Ratio full ÷ simplest = %.2f (target ≥ 0.5: %s).**%n%n",
                base.recordsPerSecond(), base.measured().processedSeconds(), base.measured().settledSeconds(), ratio, ratio >= 0.5 ? "met" : "MISSED"));
        md.append(String.format(Locale.ROOT, "Counting the time until every indicator is recomputed and emitted (*settled*), the full "
                + "topology does %,.0f records/s: ratio %.2f (%s 0.5).%n%n", base.records() / base.measured().settledSeconds(), settledRatio,
                settledRatio >= 0.5 ? "also ≥" : "below"));
        md.append("| volume | records | processed (s) | records/s | settled (s) | RocksDB on disk | changelog | heap | indicator values stored |\n|---|---|---|---|---|---|---|---|---|\n");
        for (ReplayBench.Result replay : r.replays.values()) {
            StreamsRun.Measured m = replay.measured();
            md.append(String.format(Locale.ROOT, "| %d× (%d days) | %,d | %.1f | %,.0f | %.1f | %.1f MiB | %.1f MiB | %.0f MiB | %,d |%n",
                    replay.scale(), replay.scale() * s.days(), replay.records(), m.processedSeconds(), replay.recordsPerSecond(),
                    m.settledSeconds(), m.stateDirBytes() / MIB, m.changelogBytes() / MIB, m.heapBytes() / MIB, replay.indicatorValues()));
        }
        md.append("\n![replay time and state size at 1×, 2×, 4×](").append(CHART).append(")\n\n");
        for (String note : r.notes) {
            md.append("**Note:** ").append(note).append("\n\n");
        }
        if (r.profile != null) {
            md.append(String.format(Locale.ROOT, "**Where the stream thread's time went** during the 1× replay (JFR, the JDK's `profile` settings, "
                    + "%,d execution samples of the stream thread; share of samples with the method on the stack, and `(top)` = the "
                    + "method running):%n%n| method | share |%n|---|---|%n", r.profile.samples()));
            r.profile.shares().forEach((method, share) -> md.append(String.format(Locale.ROOT, "| `%s` | %.0f%% |%n", method, 100 * share)));
            md.append('\n');
        }
        NationalModelBench.Result model = r.model;
        md.append("**The model alone** (no Kafka; the old `NationalModelBench` on the same 1× data): ").append(String.format(Locale.ROOT,
                "%,d reports and %,d notice events put in %.1f s; the loaded model holds %.0f MiB of heap; one day of every area computed in %.1f ms "
                        + "and serialised in %.1f ms (%,d values a day, mean over %d days, after a warm-up).%n%n",
                model.reports(), model.notices(), model.loadSeconds(), model.heapBytes() / MIB, model.computeMsPerDay(), model.serialiseMsPerDay(),
                model.valuesPerDay(), model.days()));
        md.append("**Indicators equal to a direct run**: ").append(r.indicatorsEqual ? "yes" : "NO").append(String.format(Locale.ROOT,
                " — %,d values computed by the model directly, each found with the same reading in the replay's indicator-values store; "
                        + "%,d stored values the direct run does not explain.%n", r.indicatorsCompared, r.indicatorsUnexplained));
        for (String mismatch : r.mismatches) {
            md.append("- ").append(mismatch).append('\n');
        }
        md.append('\n');

        if (r.latency == null) {
            md.append("## 4-6. Services\n\nNot run (`--services=false`).\n\n").append(analysis());
            return md.toString();
        }
        latency(md, r);

        md.append("## 5. Ingest over HTTP\n\n");
        IngestLoadBench.Single in = r.ingest;
        md.append(String.format(Locale.ROOT, "Single reports, `POST /api/v1/activity`, %d requests in flight at once from a JDK HttpClient (async, HTTP/1.1 "
                + "keep-alive) in the benchmark JVM, after a warm-up of a fifth as many: each answered only once the broker acknowledged "
                + "the write (acks=all, idempotent).%n%n", in.connections()));
        md.append("| requests | 202 | seconds | reports/s | p50 | p90 | p99 | max | target |\n|---|---|---|---|---|---|---|---|---|\n");
        boolean ingestMet = in.perSecond() >= 5000 && in.latencyMs().p99() <= 50;
        md.append(String.format(Locale.ROOT, "| %,d | %,d | %.1f | **%,.0f** | %.1f ms | %.1f ms | %.1f ms | %.1f ms | ≥ 5,000/s with p99 ≤ 50 ms: %s |%n%n",
                in.requests(), in.accepted(), in.seconds(), in.perSecond(), in.latencyMs().p50(), in.latencyMs().p90(), in.latencyMs().p99(),
                in.latencyMs().max(), ingestMet ? "met" : "MISSED"));
        IngestLoadBench.Batch b = r.batch;
        md.append(String.format(Locale.ROOT, "One national day as CSV (%,d rows, every practice of the directory) to `POST /api/v1/activity/batch`, "
                + "%d rounds after one warm-up: accepted %s; p50 %.2f s, max %.2f s (target ≤ 1 s: %s).%n%n", b.rows(), b.seconds().count(),
                b.accepted(), b.seconds().p50(), b.seconds().max(), b.seconds().max() <= 1.0 ? "met" : "MISSED"));

        appointments(md, r);

        md.append("## 6. Heap of each service, and start-up\n\n");
        md.append("Method: each service runs in a JVM of its own with `-Xmx").append(s.serviceHeap()).append("` and a unified GC log ")
                .append("(`-Xlog:gc`); the figures are the largest heap in use before a collection, the largest left after one (what the ")
                .append("service really holds), and the largest committed, over the whole of sections 4 and 5: impact-streams replaying the ")
                .append("1× data into its model, alerts-service judging every indicator it emitted, ingest-service under the load of 5.\n\n");
        md.append("| service | started (s, JVM launch → health UP) | peak used | peak after GC | peak committed | collections | collector | ≤ 512 MiB |\n|---|---|---|---|---|---|---|---|\n");
        for (ServiceStack.HeapUse heap : r.heaps) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f MiB | %.0f MiB | %.0f MiB | %d | %s | %s |%n", heap.name(),
                    r.serviceStartSeconds.getOrDefault(heap.name(), Double.NaN), heap.peakUsedBytes() / MIB, heap.peakAfterGcBytes() / MIB,
                    heap.peakCommittedBytes() / MIB, heap.collections(), heap.collector(), heap.peakUsedBytes() <= 512 * MIB ? "yes" : "NO"));
        }
        md.append(String.format(Locale.ROOT, "%nThe three services started side by side and impact-streams replayed the 1× data (%,d records) "
                + "in %.1f s from launch until it had committed every input record and stopped emitting.%n%n", one.records(), r.stackReplaySeconds));
        if (r.localStackStartUp != null) {
            md.append(String.format(Locale.ROOT, "**Local stack start-up** (`LocalStack` main in a JVM of its own, its own in-process broker, demo off, "
                    + "as `local-stack.sh` runs it without the build): up in **%.1f s** as it reports (broker, topics, three services, topology "
                    + "RUNNING), %.1f s since the JVM started; target ≤ 30 s: %s.%n%n", r.localStackStartUp[0], r.localStackStartUp[1],
                    r.localStackStartUp[1] <= 30 ? "met" : "MISSED"));
        } else {
            md.append("Local stack start-up: not measured in this run (`--startup-probe=false`).\n\n");
        }
        md.append(analysis());
        return md.toString();
    }

    private static void latency(StringBuilder md, Results r) {
        md.append("## 4. End-to-end latency (running services)\n\n");
        NoticeLatencyBench.Result lat = r.latency;
        md.append("ingest-service, impact-streams and alerts-service each in its own JVM (see 6) on the same broker, after impact-streams ")
                .append("replayed the 1× data (the model holds the national year). alerts-service: `group-wait 0s`, `tick-interval 50ms`, ")
                .append(String.format(Locale.ROOT, "its shipped rules plus one benchmark rule (participating_practices of %s in %s above %d.5, "
                        + "where %d of its practices have it in force on %s, the latest day). ", lat.plan().action(), lat.plan().icb(),
                        lat.plan().participating(), lat.plan().participating(), lat.plan().day()))
                .append(String.format(Locale.ROOT, "Each sample: a %s notice for another practice of %s effective that day ", lat.plan().action(), lat.plan().icb()))
                .append("declared (`POST /api/v1/notices`), or withdrawn again (`DELETE`), timed from just before the request to ")
                .append("`participating_practices` reading one more (or as before) in impact-streams' API (polled every 5 ms), and to the signed webhook ")
                .append("(firing, or resolved) arriving at a loopback receiver in the benchmark JVM. Four warm-up samples are not counted.\n\n");
        md.append("| | samples | p50 | p90 | p99 | max | target |\n|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| notice → indicator in the API | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | p99 ≤ 500 ms: %s |%n",
                lat.toApi().count(), lat.toApi().p50(), lat.toApi().p90(), lat.toApi().p99(), lat.toApi().max(), lat.toApi().p99() <= 500 ? "met" : "MISSED"));
        md.append(String.format(Locale.ROOT, "| notice → signed webhook received | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | p99 ≤ 1 s: %s |%n%n",
                lat.toWebhook().count(), lat.toWebhook().p50(), lat.toWebhook().p90(), lat.toWebhook().p99(), lat.toWebhook().max(),
                lat.toWebhook().p99() <= 1000 ? "met" : "MISSED"));
        md.append(String.format(Locale.ROOT, "%d of %d webhook deliveries carried the right `X-Signature` (HMAC-SHA256 of the body).%n%n",
                lat.signed(), lat.deliveries()));
        List<NoticeLatencyBench.Sample> slow = lat.slowerThan(1000);
        md.append(String.format(Locale.ROOT, "Samples over 1 s to the API: %d of %d%s.%n%n", slow.size(), lat.samples().size(),
                slow.isEmpty() ? "" : " (" + String.join(", ", slow.stream().map(x -> String.format(Locale.ROOT, "%.0f ms", x.toApiMs())).toList()) + ")"));
    }

    private static String analysis() {
        try (InputStream in = Report.class.getResourceAsStream("/bench-analysis.md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    static String gitCommit() {
        try {
            Process rev = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String commit = new String(rev.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            String dirty = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return rev.waitFor() == 0 ? commit + (dirty.isEmpty() ? "" : " (with uncommitted changes)") : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / MIB / 1024);
        }
        return "?";
    }

    private static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> !flag.startsWith("-Dmonitor.repository.root") && !flag.startsWith("-javaagent")).toList();
    }

    /** The chart: replay time and state size against the volume, as hand-written SVG. */
    static final class Chart {

        private Chart() {
        }

        static String svg(Results r) {
            Map<Integer, ReplayBench.Result> replays = r.replays;
            int width = 760;
            int height = 320;
            StringBuilder svg = new StringBuilder();
            svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                    .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
            svg.append("<title>Full-topology replay: time and state against volume</title>\n");
            svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
            List<Integer> scales = List.copyOf(replays.keySet());
            // left: seconds to process and to settle
            double maxSeconds = replays.values().stream().mapToDouble(x -> x.measured().settledSeconds()).max().orElse(1);
            panel(svg, 50, "Replay time (s)", scales, maxSeconds,
                    new String[] {"processed", "settled"}, new String[] {"#005eb8", "#41b6e6"},
                    scale -> new double[] {replays.get(scale).measured().processedSeconds(), replays.get(scale).measured().settledSeconds()});
            // right: MiB of RocksDB on disk, changelog, heap
            double maxMib = replays.values().stream().mapToDouble(x -> Math.max(x.measured().heapBytes(), Math.max(x.measured().stateDirBytes(),
                    x.measured().changelogBytes())) / MIB).max().orElse(1);
            panel(svg, 430, "State (MiB)", scales, maxMib,
                    new String[] {"RocksDB on disk", "changelog", "heap"}, new String[] {"#330072", "#ae2573", "#ffb81c"},
                    scale -> new double[] {replays.get(scale).measured().stateDirBytes() / MIB, replays.get(scale).measured().changelogBytes() / MIB,
                            Math.max(0, replays.get(scale).measured().heapBytes()) / MIB});
            svg.append("</svg>\n");
            return svg.toString();
        }

        private static void panel(StringBuilder svg, int left, String title, List<Integer> scales, double max, String[] series,
                                  String[] colours, java.util.function.IntFunction<double[]> values) {
            int top = 40;
            int plotHeight = 200;
            int plotWidth = 290;
            double top0 = max <= 0 ? 1 : max * 1.1;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>%n", left, title));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + plotHeight,
                    left + plotWidth, top + plotHeight));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top, left, top + plotHeight));
            for (int tick = 0; tick <= 4; tick++) {
                double v = top0 * tick / 4;
                int y = top + plotHeight - (int) Math.round(plotHeight * tick / 4.0);
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\">%.0f</text>%n", left - 4, y + 4, v));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", left + 1, y, left + plotWidth, y));
            }
            int groupWidth = plotWidth / Math.max(1, scales.size());
            int barWidth = Math.max(4, (groupWidth - 16) / series.length);
            for (int g = 0; g < scales.size(); g++) {
                int scale = scales.get(g);
                double[] v = values.apply(scale);
                int x0 = left + g * groupWidth + 8;
                for (int i = 0; i < series.length; i++) {
                    int h = (int) Math.round(plotHeight * v[i] / top0);
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %d×: %.1f</title></rect>%n",
                            x0 + i * barWidth, top + plotHeight - h, barWidth - 2, h, colours[i], series[i], scale, v[i]));
                }
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d×</text>%n", x0 + (barWidth * series.length) / 2,
                        top + plotHeight + 16, scale));
            }
            for (int i = 0; i < series.length; i++) {
                int y = top + plotHeight + 34 + (i / 2) * 16;
                int x = left + (i % 2) * 150;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", x, y - 9, colours[i]));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 14, y, series[i]));
            }
        }
    }
}
