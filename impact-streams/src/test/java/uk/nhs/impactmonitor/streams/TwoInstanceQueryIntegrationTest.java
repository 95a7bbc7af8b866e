package uk.nhs.impactmonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.streams.config.ImpactStreams;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * Two instances of impact-streams (different application.server) on one KRaft broker: the national model runs in
 * one of them, and a query to either answers for any area, the other forwarding to the owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstanceQueryIntegrationTest {

    private static final LocalDate DAY = LocalDate.parse("2024-08-01");

    private EmbeddedKafkaKraftBroker broker;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final List<Http> clients = new ArrayList<>();
    private KafkaTestClient kafka;

    @BeforeAll
    void start() throws IOException {
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            Path stateDir = Files.createTempDirectory("impact-streams-two-" + i);
            instances.add(ImpactStreamsApplication.builder().run(
                    "--server.port=" + port,
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--monitor.security.dev-credentials=true",
                    "--monitor.streams.state-dir=" + stateDir,
                    "--monitor.streams.application-server=127.0.0.1:" + port));
            clients.add(new Http(port));
        }
        kafka = new KafkaTestClient(broker.getBrokersAsString());
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
        for (int i = instances.size() - 1; i >= 0; i--) {
            instances.get(i).close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode participating(Http.Response response) {
        for (JsonNode value : response.json()) {
            if (value.path("indicator").asString().equals("participating_practices")
                    && value.path("action").asString().equals("STOP_RATIONING_REFERRALS")) {
                return value;
            }
        }
        return null;
    }

    @Test
    void shouldAnswerForAnyAreaFromEitherInstanceWhenOnlyOneHoldsTheModel() {
        // given
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "two-1", "Z00001", CollectiveAction.STOP_RATIONING_REFERRALS, DAY, null));

        // when both instances are asked for the ICB, its region and England
        for (String area : List.of("QKK", "Y56", "ENG")) {
            for (Http http : clients) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    Http.Response response = http.get("/api/v1/areas/" + area + "/indicators?day=" + DAY, Http.ADMIN);
                    JsonNode value = response.status() == 200 ? participating(response) : null;
                    return value != null && value.path("value").asDouble() == 1.0;
                });
            }
        }

        // then exactly one instance runs the national model, and both answered with the same value
        long owners = instances.stream().map(c -> c.getBean(ImpactStreams.class).streams())
                .filter(s -> s.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty()
                        && t.activeTasks().stream().anyMatch(task -> task.taskId().subtopology() == 1)))
                .count();
        assertThat(owners).isEqualTo(1);
        Http.Response first = clients.get(0).get("/api/v1/areas/ENG/indicators/participating_practices?action=STOP_RATIONING_REFERRALS&from="
                + DAY + "&to=" + DAY, Http.ADMIN);
        Http.Response second = clients.get(1).get("/api/v1/areas/ENG/indicators/participating_practices?action=STOP_RATIONING_REFERRALS&from="
                + DAY + "&to=" + DAY, Http.ADMIN);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(first.json().get(0).path("value").asDouble()).isEqualTo(1.0);
        assertThat(second.json()).isEqualTo(first.json());
        // a forwarded query keeps the caller's rights: an ICB credential still may not read England
        assertThat(clients.get(0).get("/api/v1/areas/ENG/indicators", Http.ICB_QKK).status()).isEqualTo(403);
        assertThat(clients.get(1).get("/api/v1/areas/ENG/indicators", Http.ICB_QKK).status()).isEqualTo(403);
    }
}
