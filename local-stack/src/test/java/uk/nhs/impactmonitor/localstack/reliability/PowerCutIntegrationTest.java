package uk.nhs.impactmonitor.localstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.awaitTrue;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.freePort;
import static uk.nhs.impactmonitor.localstack.reliability.BrokerRestartIntegrationTest.post;

import java.io.IOException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.localstack.LocalStack;

/**
 * A power cut: the whole local stack (the in-process broker and the three services, one JVM, as {@code ./local-stack.sh}
 * runs it) killed with SIGKILL right after the last write of a scenario is acknowledged, and started again on the same
 * data directory, ends with every indicator equal to an uninterrupted run of the same scenario. Nothing is closed or
 * flushed: the broker recovers its log, Kafka Streams its state, from what reached the disk.
 *
 * <p>Also prints the time to "up" (impact-streams processing) of the cold start and of the restart after the cut, for
 * docs/benchmarks.md (a measurement, not an assertion).
 *
 * <p>Directory: BrokerRestartIntegrationTest's: P00001 and P00002 in ICB QE1, P00003 in QOP, all North West (Y62).
 */
class PowerCutIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> AREAS = List.of("QE1", "QOP", "Y62", "ENG");
    private static final List<String> DAYS = List.of("2024-08-01", "2024-08-02", "2024-08-03", "2024-08-04");

    @TempDir
    Path dir;
    private Process process;
    private LocalStack reference;

    @AfterEach
    void tearDown() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void shouldEndWithTheIndicatorsOfAnUninterruptedRunWhenTheWholeStackIsKilledRightAfterTheLastAcknowledgedWrite() throws Exception {
        Path[] directory = BrokerRestartIntegrationTest.writeDirectory(dir);
        // given: the scenario run without interruption (in this JVM), its indicators once settled
        Map<String, JsonNode> uninterrupted;
        {
            Ports ports = Ports.free();
            reference = LocalStack.start(ports.args(dir.resolve("reference"), directory));
            runScenario("http://localhost:" + ports.ingest);
            String streams = "http://localhost:" + ports.streams;
            uninterrupted = awaitSettled(streams);
            reference.close();
            reference = null;
        }

        // when: the same scenario on a stack of its own JVM, killed (SIGKILL) as soon as the last write is acknowledged
        Ports ports = Ports.free();
        Path data = dir.resolve("cut");
        long coldStart = System.nanoTime();
        process = startStack(ports, data, directory, "cold");
        awaitUp(process, data.resolve("stack-cold.log"));
        double coldSeconds = (System.nanoTime() - coldStart) / 1e9;
        runScenario("http://localhost:" + ports.ingest);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // and started again on the same data directory and ports
        long restart = System.nanoTime();
        process = startStack(ports, data, directory, "restart");
        awaitUp(process, data.resolve("stack-restart.log"));
        double restartSeconds = (System.nanoTime() - restart) / 1e9;

        // then: every indicator of every area and day equals the uninterrupted run's
        String streams = "http://localhost:" + ports.streams;
        Map<String, JsonNode>[] recovered = new Map[1];
        awaitTrue(() -> uninterrupted.equals(recovered[0] = indicators(streams)), Duration.ofSeconds(240),
                () -> "the restarted stack's indicators to equal the uninterrupted run's; differing: " + differences(uninterrupted, recovered[0]));
        double settledSeconds = (System.nanoTime() - restart) / 1e9;
        assertThat(recovered[0]).isEqualTo(uninterrupted);
        System.out.printf("power cut: cold start to up %.1f s; restart after SIGKILL to up %.1f s, to every indicator as uninterrupted %.1f s%n",
                coldSeconds, restartSeconds, settledSeconds);
    }

    private static String differences(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        StringBuilder out = new StringBuilder();
        expected.forEach((key, value) -> {
            JsonNode other = actual == null ? null : actual.get(key);
            if (!value.equals(other)) {
                out.append("\n").append(key).append(" expected ").append(value).append("\n").append(key).append(" actual   ").append(other);
            }
        });
        return out.toString();
    }

    /** Three practices' notices (one corrected, one withdrawn) and four days of reports, every write acknowledged. */
    private static void runScenario(String ingest) throws Exception {
        expect(post(ingest + "/api/v1/notices", notice("pc-1", "P00001", "2024-08-01")), 202);
        expect(post(ingest + "/api/v1/notices", notice("pc-2", "P00002", "2024-08-02")), 202);
        expect(post(ingest + "/api/v1/notices", notice("pc-3", "P00003", "2024-08-01")), 202);
        for (int day = 1; day <= 4; day++) {
            String d = "2024-08-0" + day;
            expect(post(ingest + "/api/v1/activity", report("P00001", d, 10, 240 - 10 * day)), 202);
            expect(post(ingest + "/api/v1/activity", report("P00002", d, 8, 160 + day)), 202);
            expect(post(ingest + "/api/v1/activity", report("P00003", d, 6, 150 - day)), 202);
        }
        // a replaced report, a corrected notice and a withdrawn one, the last writes before the cut
        expect(post(ingest + "/api/v1/activity", report("P00002", "2024-08-04", 7, 140)), 202);
        expect(put(ingest + "/api/v1/notices/pc-2", notice("pc-2", "P00002", "2024-08-03")), 202);
        expect(delete(ingest + "/api/v1/notices/pc-3"), 202);
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    /** Indicators read until two reads a second apart agree and show the last writes (the withdrawal above all). */
    private static Map<String, JsonNode> awaitSettled(String streams) throws InterruptedException {
        Map<String, JsonNode>[] last = new Map[] {Map.of()};
        awaitTrue(() -> {
            Map<String, JsonNode> now = indicators(streams);
            boolean settled = now.equals(last[0]) && now.values().stream().allMatch(v -> v != null && v.isArray() && !v.isEmpty())
                    && participating(now, "Y62/2024-08-04") == 2.0 && participating(now, "QE1/2024-08-02") == 1.0;
            last[0] = now;
            if (!settled) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return settled;
        }, Duration.ofSeconds(120), "the uninterrupted run to settle");
        return last[0];
    }

    /** STOP_ADVICE_AND_GUIDANCE's participating practices: P00001 from the 1st, P00002 from the 3rd (corrected), P00003 withdrawn. */
    private static double participating(Map<String, JsonNode> indicators, String areaDay) {
        for (JsonNode value : indicators.get(areaDay)) {
            if (value.path("indicator").asString().equals("participating_practices")
                    && value.path("action").asString().equals("STOP_ADVICE_AND_GUIDANCE")) {
                return value.path("value").asDouble(-1);
            }
        }
        return -1;
    }

    private Process startStack(Ports ports, Path data, Path[] directory, String name) throws IOException {
        Files.createDirectories(data);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
        command.addAll(List.of(ports.args(data, directory)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("stack-" + name + ".log").toFile()).start();
    }

    /** Up: the stack printed its banner, which it does once impact-streams is processing. */
    private static void awaitUp(Process process, Path log) throws InterruptedException {
        awaitTrue(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the stack exited: " + tail(log));
            }
            try {
                return Files.exists(log) && Files.readString(log).contains("=== System-impact monitor is up in");
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(420), () -> "the stack to be up: " + tail(log));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every indicator value of the areas and days, by area/day, without when it was computed. */
    static Map<String, JsonNode> indicators(String streams) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (String area : AREAS) {
            for (String day : DAYS) {
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(streams + "/api/v1/areas/" + area
                            + "/indicators?day=" + day)).header("Authorization", "Bearer dev-admin").GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        all.put(area + "/" + day, null);
                        continue;
                    }
                    // what a planner sees: the values. Entries without one are left out: after a withdrawal the model keeps
                    // value-less attributable_change entries for the withdrawn action when it had emitted that action's
                    // values before the withdrawal, and has none when it never had (seen: the cut run emitted them before the
                    // kill, the uninterrupted run processed notice and withdrawal together), so their presence depends on
                    // when the model ran, not on the input
                    tools.jackson.databind.node.ArrayNode values = Json.MAPPER.createArrayNode();
                    for (JsonNode v : Json.MAPPER.readTree(response.body())) {
                        if (!v.path("value").isNull() && !v.path("value").isMissingNode()) {
                            ((ObjectNode) v).remove("updatedAt");
                            values.add(v);
                        }
                    }
                    all.put(area + "/" + day, values);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    all.put(area + "/" + day, null);
                }
            }
        }
        return all;
    }

    private record Ports(int kafka, int controller, int ingest, int streams, int alerts) {
        static Ports free() throws IOException {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort());
        }

        String[] args(Path data, Path[] directory) {
            return new String[] {"--monitor.data-dir=" + data, "--monitor.demo.enabled=false", "--monitor.local.auth-port=0",
                    "--monitor.kafka.port=" + kafka, "--monitor.kafka.controller-port=" + controller,
                    "--monitor.directory.practices=" + directory[0], "--monitor.directory.list-sizes=" + directory[1],
                    "--monitor.local.ingest-port=" + ingest, "--monitor.local.streams-port=" + streams,
                    "--monitor.local.alerts-port=" + alerts, "--logging.level.org.apache.kafka=ERROR"};
        }
    }

    private static HttpResponse<String> put(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer dev-admin")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer dev-admin")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String report(String practice, String day, int sessions, int contacts) {
        return """
                {"practiceCode":"%s","day":"%s","clinicianSessions":%d,"patientContacts":%d,"cappedSessions":0,
                 "urgentCareDiversions":0,"agRequests":0,"referrals":0,"onlineRequests":0}""".formatted(practice, day, sessions, contacts);
    }

    private static String notice(String id, String practice, String from) {
        return """
                {"noticeId":"%s","practiceCode":"%s","action":"STOP_ADVICE_AND_GUIDANCE","effectiveFrom":"%s","submittedBy":"practice manager"}"""
                .formatted(id, practice, from);
    }
}
