package uk.nhs.impactmonitor.streams.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.streams.Http;
import uk.nhs.impactmonitor.streams.ImpactStreamsApplication;
import uk.nhs.impactmonitor.streams.KafkaTestClient;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * How long a notice takes from being written to practice-notices to being visible in the API (a benchmark, run by
 * hand, never a test): an in-process KRaft broker, one impact-streams instance with the synthetic directory,
 * notices sent one at a time, the API polled every 10 ms.
 *
 * <p>Run: {@code java -cp <test classpath> uk.nhs.impactmonitor.streams.bench.NoticeLatencyBench [notices]}
 */
public final class NoticeLatencyBench {

    private NoticeLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int notices = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        int port = freePort();
        ConfigurableApplicationContext app = ImpactStreamsApplication.builder().run("--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--monitor.security.dev-credentials=true",
                "--monitor.streams.state-dir=" + Files.createTempDirectory("latency-bench"),
                "--monitor.streams.application-server=127.0.0.1:" + port, "--logging.level.root=WARN");
        try (KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString())) {
            Http http = new Http(port);
            PracticeDirectory directory = app.getBean(PracticeDirectory.class);
            List<String> practices = directory.practicesIn("QKK").stream().map(p -> p.code()).toList();
            LocalDate day = LocalDate.parse("2024-08-01");
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < notices + 3; i++) {
                long sent = System.nanoTime();
                kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "bench-" + i, practices.get(i), CollectiveAction.DEFER_PILOTS, day, null));
                double expected = i + 1;
                while (participating(http, day) != expected) {
                    Thread.sleep(10);
                    if (System.nanoTime() - sent > 60_000_000_000L) {
                        throw new IllegalStateException("notice " + i + " not visible after 60 s");
                    }
                }
                if (i >= 3) { // the first few include the model's warm-up
                    latencies.add((System.nanoTime() - sent) / 1_000_000);
                }
            }
            Collections.sort(latencies);
            System.out.printf("notice -> API latency over %d notices: median %d ms, p90 %d ms, max %d ms%n", latencies.size(),
                    latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.9)), latencies.get(latencies.size() - 1));
        } finally {
            app.close();
            broker.destroy();
        }
    }

    private static double participating(Http http, LocalDate day) {
        Http.Response response = http.get("/api/v1/areas/QKK/indicators?day=" + day, Http.ADMIN);
        if (response.status() != 200) {
            return -1;
        }
        for (JsonNode value : response.json()) {
            if (value.path("indicator").asString().equals("participating_practices") && value.path("action").asString().equals("DEFER_PILOTS")) {
                return value.path("value").asDouble();
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
