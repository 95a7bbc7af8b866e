package uk.nhs.impactmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.BrokerTopics;
import uk.nhs.impactmonitor.kafka.TopicLayout;
import uk.nhs.impactmonitor.kafka.TopicSpec;
import uk.nhs.impactmonitor.localstack.LocalKafkaBroker;
import uk.nhs.impactmonitor.localstack.TopicSetup;

/**
 * docker-compose.yml's one-shot {@code kafka-init} script, run as written against a real KRaft broker: the Kafka
 * image's {@code /opt/kafka/bin} scripts are stood in for by the same command classes (kafka-tools) on this class
 * path, so the script must create exactly the topics of the definitions (TopicSetup.ALL), with their settings.
 */
class KafkaInitScriptIntegrationTest {

    /** As docker-compose.yml's services are configured (MONITOR_KAFKA_TOPICS_PARTITIONS, MONITOR_STREAMS_TOPIC_PARTITIONS). */
    static final TopicLayout COMPOSE_LAYOUT = new TopicLayout(3, (short) 1, 0);

    @TempDir
    Path dir;

    @Test
    void shouldCreateEveryContractTopicAndItsDeadLetterTopicWhenTheComposeInitScriptRunsAgainstABroker() throws Exception {
        // given
        try (LocalKafkaBroker broker = new LocalKafkaBroker(dir, freePort(), freePort())) {
            broker.start();
            String script = composeScript("kafka-init", broker.bootstrapServers());

            // when
            Result result = bash(script);

            // then: every topic of the definitions laid out as compose lays them out (3 partitions where spread, 1 for
            // single-partition and dead-letter topics), and nothing else, each with its definition's configuration
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(result.output()).contains("topics ready");
            List<TopicSpec> expected = TopicSetup.specs(COMPOSE_LAYOUT);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(BrokerTopics.describe(admin, admin.listTopics().names().get(30, TimeUnit.SECONDS), expected))
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void shouldRefuseToReplicateWhenTheHaInitScriptFindsOneBroker() throws Exception {
        // given: the default profile's single broker, with the contract topics
        try (LocalKafkaBroker broker = new LocalKafkaBroker(dir, freePort(), freePort())) {
            broker.start();
            assertThat(bash(composeScript("kafka-init", broker.bootstrapServers())).exit()).isZero();

            // when: the ha profile's step runs without the other two brokers
            Result result = bash(composeScript("kafka-ha-init", broker.bootstrapServers()));

            // then: it reads the broker ids from the real kafka-broker-api-versions output, finds one, and changes nothing
            assertThat(result.exit()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("expected 3 brokers, found 1: 1");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicDescription notices = admin.describeTopics(List.of(Topics.PRACTICE_NOTICES.name())).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(Topics.PRACTICE_NOTICES.name());
                assertThat(notices.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            }
        }
    }

    /**
     * A service's script from docker-compose.yml as the container would run it: Compose's {@code $$} unescaped, the
     * image's tools replaced by wrappers around the same classes, and the broker address this test's.
     */
    String composeScript(String service, String bootstrapServers) throws IOException {
        String script = DeployFiles.stream(DeployFiles.compose().get("services").get(service).get("command"))
                .map(line -> line.asString("")).reduce("", String::concat);
        Path bin = fakeKafkaBin();
        return script.replace("$$", "$").replace("/opt/kafka/bin", bin.toString())
                .replace("kafka:9092,kafka-2:9092,kafka-3:9092", bootstrapServers)
                .replace("kafka:9092", bootstrapServers);
    }

    private Path fakeKafkaBin() throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Map<String, String> tools = Map.of(
                "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
                "kafka-configs.sh", "kafka.admin.ConfigCommand",
                "kafka-reassign-partitions.sh", "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
                "kafka-broker-api-versions.sh", "org.apache.kafka.tools.BrokerApiVersionsCommand");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (Map.Entry<String, String> tool : tools.entrySet()) {
            Path file = bin.resolve(tool.getKey());
            // a short-lived command: the C1 compiler alone starts it fastest
            Files.writeString(file, "#!/bin/bash\nexec '" + java + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
                    + System.getProperty("java.class.path") + "' " + tool.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    static Result bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the script did not finish: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    record Result(int exit, String output) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
