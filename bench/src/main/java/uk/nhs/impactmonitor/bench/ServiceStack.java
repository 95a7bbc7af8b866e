package uk.nhs.impactmonitor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import uk.nhs.impactmonitor.alerts.AlertsServiceApplication;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.localstack.LocalStack;
import uk.nhs.impactmonitor.streams.ImpactStreamsApplication;

/**
 * The three services, each in a JVM of its own with {@code -Xmx<heap>} and a GC log, so that each one's heap can be
 * read (section 6): started side by side against the benchmark's broker, with this JVM's class path and the synthetic
 * directory, development credentials, and alerts-service's group wait at 0. "Up" is {@code /actuator/health} 200
 * (impact-streams: its topology RUNNING; alerts-service: its state read back).
 */
final class ServiceStack implements AutoCloseable {

    static final String ADMIN = "dev-admin";
    /** The benchmark's own alert rule: one more practice of the plan's ICB declaring its action crosses it; withdrawing clears it. */
    static final String RULE = "bench_icb_defer_pilots";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One service JVM. */
    record Service(String name, int port, Process process, Path gcLog, Path output, long launchedAt) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    /** From a service's GC log: heap in use before and after each collection, and committed, at their largest. */
    record HeapUse(String name, long peakUsedBytes, long peakAfterGcBytes, long peakCommittedBytes, int collections, String collector) {
    }

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();

    private ServiceStack() {
    }

    static ServiceStack start(String bootstrapServers, Path workDir, String heap, List<String> extraArgs, NoticeLatencyBench.Plan plan,
                              Duration timeout) throws Exception {
        ServiceStack stack = new ServiceStack();
        try {
            Path rules = alertRules(workDir, plan);
            int ingest = freePort();
            int streams = freePort();
            int alerts = freePort();
            List<String> common = new ArrayList<>(extraArgs);
            common.addAll(baseArgs(bootstrapServers));
            common.addAll(List.of("--monitor.services.ingest-url=http://localhost:" + ingest, "--monitor.services.streams-url=http://localhost:" + streams,
                    "--monitor.services.alerts-url=http://localhost:" + alerts));
            stack.launch("ingest-service", IngestServiceApplication.class.getName(), ingest, heap, workDir, common, List.of());
            stack.launch("impact-streams", ImpactStreamsApplication.class.getName(), streams, heap, workDir, common,
                    List.of("--monitor.streams.application-server=127.0.0.1:" + streams));
            stack.launch("alerts-service", AlertsServiceApplication.class.getName(), alerts, heap, workDir, common,
                    List.of("--monitor.alerts.group-wait=0s", "--monitor.alerts.tick-interval=50ms", "--spring.config.additional-location=file:" + rules));
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Service service : stack.services.values()) {
                stack.awaitHealthy(service, deadline);
            }
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** ingest-service alone, with arguments of its own (section 5b gives it the real practice directory). */
    static ServiceStack ingestOnly(String bootstrapServers, Path workDir, String heap, List<String> args, Duration timeout) throws Exception {
        ServiceStack stack = new ServiceStack();
        try {
            stack.launch("ingest-service", IngestServiceApplication.class.getName(), freePort(), heap, workDir, baseArgs(bootstrapServers), args);
            stack.awaitHealthy(stack.services.get("ingest-service"), System.nanoTime() + timeout.toNanos());
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** What every service JVM of the benchmark is given: the broker, development credentials, quiet logs. */
    private static List<String> baseArgs(String bootstrapServers) {
        // the development profile: development credentials are refused anywhere else (monitor-web CredentialPolicy)
        return List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers, "--spring.profiles.active=dev", "--monitor.security.dev-credentials=true",
                "--spring.mvc.servlet.load-on-startup=1", "--logging.level.root=WARN");
    }

    private void launch(String name, String mainClass, int port, String heap, Path workDir, List<String> common, List<String> own)
            throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Path gcLog = dir.resolve("gc.log");
        Path output = dir.resolve("output.log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + heap, "-Xlog:gc:file=" + gcLog,
                "-Dsun.net.httpserver.nodelay=true"));
        // extra arguments that are JVM options (-X..., -D...) go before the main class; {service} is this service's
        // directory (e.g. -XX:StartFlightRecording=filename={service}/recording.jfr)
        common.stream().filter(ServiceStack::isJvmOption).map(a -> a.replace("{service}", dir.toAbsolutePath().toString())).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass,
                "--server.port=" + port, "--monitor.data-dir=" + dir.resolve("data").toAbsolutePath()));
        common.stream().filter(a -> !isJvmOption(a)).forEach(command::add);
        command.addAll(own);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        services.put(name, new Service(name, port, process, gcLog, output, System.nanoTime()));
    }

    private static boolean isJvmOption(String arg) {
        return arg.startsWith("-X") || arg.startsWith("-D");
    }

    private void awaitHealthy(Service service, long deadline) throws InterruptedException {
        while (true) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.name() + " exited (" + service.process().exitValue() + "); its output: "
                        + tail(service.output()));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.name() + " not healthy in time; its output: " + tail(service.output()));
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    startSeconds.put(service.name(), (System.nanoTime() - service.launchedAt()) / 1e9);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
    }

    /** alerts-service's shipped rules plus the benchmark's rule, as an additional config file (a list replaces a list). */
    static Path alertRules(Path workDir, NoticeLatencyBench.Plan plan) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode shipped;
        try (InputStream in = AlertsServiceApplication.class.getClassLoader().getResourceAsStream("alerts-service.yml")) {
            if (in == null) {
                throw new IllegalStateException("alerts-service.yml not on the class path");
            }
            shipped = yaml.readTree(in);
        }
        ObjectNode root = yaml.createObjectNode();
        ObjectNode alerts = root.putObject("monitor").putObject("alerts");
        var rules = alerts.putArray("rules");
        shipped.path("monitor").path("alerts").path("rules").forEach(rules::add);
        ObjectNode rule = rules.addObject();
        rule.put("name", RULE);
        rule.put("rationale", "Benchmark only: one more practice of " + plan.icb() + " taking " + plan.action() + ", to time notice to webhook.");
        rule.put("indicator", "participating_practices");
        rule.put("action", plan.action().name());
        rule.put("scope", "AREAS");
        rule.putArray("areas").add(plan.icb());
        rule.put("direction", "ABOVE");
        rule.put("warning", plan.participating() + 0.5);
        rule.put("critical", plan.participating() + 0.9);
        rule.put("clear", plan.participating() + 0.25);
        rule.put("for-days", 1);
        Path file = Files.createDirectories(workDir).resolve("bench-alert-rules.yml").toAbsolutePath();
        yaml.writeValue(file.toFile(), root);
        return file;
    }

    String url(String name) {
        return services.get(name).url();
    }

    Map<String, Double> startSeconds() {
        return startSeconds;
    }

    /** Each service's heap from its GC log so far. */
    List<HeapUse> heapUse() {
        List<HeapUse> uses = new ArrayList<>();
        for (Service service : services.values()) {
            uses.add(parseGcLog(service.name(), service.gcLog()));
        }
        return uses;
    }

    private static final Pattern COLLECTION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    static HeapUse parseGcLog(String name, Path gcLog) {
        long used = 0;
        long after = 0;
        long committed = 0;
        int collections = 0;
        String collector = "?";
        try {
            for (String line : Files.readAllLines(gcLog)) {
                if (line.contains("Using ")) {
                    collector = line.substring(line.indexOf("Using ") + 6).trim();
                }
                Matcher m = COLLECTION.matcher(line);
                if (line.contains("Pause") && m.find()) {
                    collections++;
                    used = Math.max(used, bytes(m.group(1), m.group(2)));
                    after = Math.max(after, bytes(m.group(3), m.group(4)));
                    committed = Math.max(committed, bytes(m.group(5), m.group(6)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HeapUse(name, used, after, committed, collections, collector);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n * 1024;
            case "M" -> n * 1024 * 1024;
            default -> n * 1024 * 1024 * 1024;
        };
    }

    /**
     * The one-command local stack ({@link LocalStack#main}, in-process broker of its own, demo off) started in a JVM of its
     * own: answers the start-up it prints ("up in X s (Y s since the JVM started)"), then stops it.
     */
    static double[] localStackStartUp(Path workDir, Duration timeout) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("local-stack"));
        Path output = dir.resolve("output.log");
        List<String> command = List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"), LocalStack.class.getName(),
                "--monitor.data-dir=" + dir.resolve("data").toAbsolutePath(), "--monitor.demo.enabled=false",
                "--monitor.kafka.port=" + freePort(), "--monitor.kafka.controller-port=" + freePort(),
                "--monitor.local.ingest-port=" + freePort(), "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(), "--monitor.local.auth-port=0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Pattern up = Pattern.compile("is up in ([0-9.]+) s \\(([0-9.]+) s since the JVM started\\)");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline && process.isAlive()) {
                Matcher m = up.matcher(Files.readString(output));
                if (m.find()) {
                    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the local stack did not come up; its output: " + tail(output));
        } finally {
            stop(process);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static String tail(Path file) {
        try {
            String text = Files.exists(file) ? Files.readString(file) : "";
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the services side by side (SIGTERM: Spring closes gracefully), alerts and streams before ingest. */
    @Override
    public void close() {
        List<Service> reversed = new ArrayList<>(services.values());
        java.util.Collections.reverse(reversed);
        reversed.forEach(service -> service.process().destroy());
        reversed.forEach(service -> stop(service.process()));
    }
}
