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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.streams.topology.ImpactStreams;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * Two instances of impact-streams (different application.server) on one KRaft broker: the national model runs in
 * one of them, with a standby copy on the other; a query to either answers for any area, the other forwarding to
 * the owner (or, for a request already forwarded, reading its standby).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
                    "--monitor.streams.application-server=127.0.0.1:" + port,
                    "--monitor.streams.standby-replicas=1"));
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
            if (instances.get(i).isActive()) {
                instances.get(i).close();
            }
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
    @Order(1)
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
                .filter(s -> s.metadataForLocalThreads().stream()
                        .anyMatch(t -> t.activeTasks().stream().anyMatch(task -> task.taskId().subtopology() == 1)))
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
        // a query that cannot be forwarded again is answered from the standby copy on the instance without the model
        int standby = 1 - ownerIndex();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Http.Response fromStandby = clients.get(standby).get("/api/v1/areas/QKK/indicators?day=" + DAY, Http.ADMIN,
                    "application/json", Map.of(uk.nhs.impactmonitor.streams.query.QueryForwarder.FORWARDED_HEADER, "true"));
            JsonNode value = fromStandby.status() == 200 ? participating(fromStandby) : null;
            return value != null && value.path("value").asDouble() == 1.0;
        });
        // only notices so far: no report, so no horizon H and no latest settled day, from either instance
        for (Http http : clients) {
            JsonNode horizon = http.get("/api/v1/horizon", Http.ICB_QKK).json();
            assertThat(horizon.has("horizon")).isTrue();
            assertThat(horizon.path("horizon").isNull()).isTrue();
            assertThat(horizon.path("latestSettledDay").isNull()).isTrue();
            assertThat(horizon.path("reportingLagDays").asInt()).isEqualTo(3);
            // and without a day, the indicators of H: none
            assertThat(http.get("/api/v1/areas/QKK/indicators", Http.ICB_QKK).json()).isEmpty();
        }
        // a forwarded query keeps the caller's rights: an ICB credential still may not read England
        assertThat(clients.get(0).get("/api/v1/areas/ENG/indicators", Http.ICB_QKK).status()).isEqualTo(403);
        assertThat(clients.get(1).get("/api/v1/areas/ENG/indicators", Http.ICB_QKK).status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void shouldRestoreTheModelOnTheOtherInstanceWhenTheOwnerStops() {
        // given the model knows one STOP_RATIONING_REFERRALS notice in QKK on DAY (the other test's, or this one's)
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "two-1", "Z00001", CollectiveAction.STOP_RATIONING_REFERRALS, DAY, null));
        awaitParticipating(0, 1.0);
        int owner = ownerIndex();
        int survivor = 1 - owner;

        // when the owner stops and a second QKK practice declares the same action
        instances.get(owner).close();
        String second = instances.get(survivor).getBean(uk.nhs.impactmonitor.domain.directory.PracticeDirectory.class).practicesIn("QKK")
                .stream().map(p -> p.code()).filter(c -> !c.equals("Z00001")).findFirst().orElseThrow();
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "two-2", second, CollectiveAction.STOP_RATIONING_REFERRALS, DAY, null));

        // then the survivor restored the first notice from the changelog: 2 practices, not 1
        awaitParticipating(survivor, 2.0);
    }

    private void awaitParticipating(int instance, double expected) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Http.Response response = clients.get(instance).get("/api/v1/areas/QKK/indicators?day=" + DAY, Http.ADMIN);
            JsonNode value = response.status() == 200 ? participating(response) : null;
            return value != null && value.path("value").asDouble() == expected;
        });
    }

    private int ownerIndex() {
        for (int i = 0; i < instances.size(); i++) {
            var streams = instances.get(i).getBean(ImpactStreams.class).streams();
            if (streams != null && streams.metadataForLocalThreads().stream()
                    .anyMatch(t -> t.activeTasks().stream().anyMatch(task -> task.taskId().subtopology() == 1))) {
                return i;
            }
        }
        throw new AssertionError("no instance runs the national model");
    }
}
