package uk.nhs.impactmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docker-compose.yml without a Docker engine: Compose itself validates it (Debian's docker-compose 1.29, installed
 * by .ci/run), and the rules of the issue are checked on the parsed file: every image built here has its
 * Dockerfile, every service a healthcheck, every dependency waits for health or completion, and Kafka data and
 * Streams state live in named volumes.
 */
class DockerComposeTest {

    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    @Test
    void shouldValidateWhenDockerComposeReadsTheFile() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER_COMPOSE), "docker-compose is not installed (apt-get install docker-compose): skipping its own validation");
        // given
        List<String> command = List.of(DOCKER_COMPOSE.toString(), "-f", "docker-compose.yml", "config", "--services");

        // when
        Result result = run(command);

        // then (1.29 lists the services of every profile here)
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.lines()).containsExactlyInAnyOrder("kafka", "kafka-init", "ingest-service", "impact-streams",
                "alerts-service", "prometheus", "grafana", "kafka-2", "kafka-3", "kafka-ha-init", "impact-streams-2");
    }

    @Test
    void shouldValidateWhenDockerComposeReadsTheFileWithTheHaProfile() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER_COMPOSE), "docker-compose is not installed (apt-get install docker-compose): skipping its own validation");
        // given
        List<String> command = List.of(DOCKER_COMPOSE.toString(), "-f", "docker-compose.yml", "--profile", "ha", "config");

        // when
        Result result = run(command);

        // then: the resolved file Compose would run names the second impact-streams with its own query address
        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode resolved = DeployFiles.YAML.readTree(result.output());
        assertThat(resolved.get("services").get("impact-streams-2").get("environment").get("MONITOR_STREAMS_APPLICATION_SERVER").asString(""))
                .isEqualTo("impact-streams-2:8082");
    }

    @Test
    void shouldRunThreeBrokersAndTwoStreamsInstancesOnlyWhenTheHaProfileIsOn() {
        // given
        JsonNode services = DeployFiles.compose().get("services");
        List<String> ha = new ArrayList<>();
        List<String> brokers = new ArrayList<>();

        // when
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            if (DeployFiles.stream(service.getValue().path("profiles")).anyMatch(p -> p.asString("").equals("ha"))) {
                ha.add(service.getKey());
            }
            if (service.getValue().path("environment").has("KAFKA_NODE_ID")) {
                brokers.add(service.getKey() + "=" + service.getValue().get("environment").get("KAFKA_NODE_ID").asString(""));
            }
        }
        String haInit = DeployFiles.stream(services.get("kafka-ha-init").get("command")).map(l -> l.asString("")).reduce("", String::concat);

        // then: one broker and one impact-streams by default; with `ha` two more brokers, replication 3 and min ISR 2
        assertThat(ha).containsExactlyInAnyOrder("kafka-2", "kafka-3", "kafka-ha-init", "impact-streams-2");
        assertThat(brokers).containsExactlyInAnyOrder("kafka=1", "kafka-2=2", "kafka-3=3");
        assertThat(haInit).contains("kafka-reassign-partitions.sh", "min.insync.replicas=2");
        assertThat(services.get("impact-streams-2").get("environment").get("MONITOR_STREAMS_REPLICATION_FACTOR").asString("")).isEqualTo("3");
    }

    @Test
    void shouldFormatEveryBrokerIntoOneClusterWhenKafkaStartsForTheFirstTime() {
        // given
        JsonNode services = DeployFiles.compose().get("services");
        List<String> clusterIds = new ArrayList<>();

        // when
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            JsonNode environment = service.getValue().path("environment");
            if (environment.has("KAFKA_NODE_ID")) {
                clusterIds.add(environment.get("CLUSTER_ID").asString(""));
                assertThat(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asString("")).as(service.getKey()).isEqualTo("1@kafka:9093");
                assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS").asString("")).as(service.getKey())
                        .isEqualTo("PLAINTEXT://" + service.getKey() + ":9092");
            }
        }

        // then: one id for the three brokers, in the canonical form Kafka writes back (a non-canonical id such as
        // "impact-monitor-kraft01" parses, but reads back as another string)
        assertThat(clusterIds).hasSize(3).containsOnly(clusterIds.get(0));
        assertThat(org.apache.kafka.common.Uuid.fromString(clusterIds.get(0)).toString()).isEqualTo(clusterIds.get(0));
    }

    @Test
    void shouldHaveADockerfileWhenAServiceIsBuiltFromTheRepository() {
        // given
        JsonNode services = DeployFiles.compose().get("services");
        List<String> built = new ArrayList<>();

        // when
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                String context = build.isString() ? build.asString("") : build.path("context").asString(".");
                String dockerfile = build.path("dockerfile").asString("Dockerfile");
                Path file = DeployFiles.root().resolve(context).resolve(dockerfile).normalize();
                assertThat(file).as(service.getKey() + " builds from").isRegularFile();
                assertThat(DeployFiles.read(file)).as(file + " runs the service").contains("ENTRYPOINT", "HEALTHCHECK");
                built.add(service.getKey());
            }
        }

        // then: the three services (and the second impact-streams) are built here; everything else is an official image
        assertThat(built).containsExactlyInAnyOrder("ingest-service", "impact-streams", "alerts-service", "impact-streams-2");
    }

    @Test
    void shouldBuildTheModuleAndRunItsApplicationClassWhenTheDockerfileIsBuilt() throws Exception {
        // given: the one service Dockerfile, and each compose service built from it with its own arguments
        String dockerfile = DeployFiles.read(DeployFiles.root().resolve("Dockerfile"));
        Map<String, Integer> ports = Map.of("ingest-service", 8081, "impact-streams", 8082, "alerts-service", 8083);
        JsonNode services = DeployFiles.compose().get("services");

        // then: the recipe builds the module it is given, runs the main class it is given, and asks its port for health
        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre",
                "-pl \"$MODULE\" -am -DskipTests install",
                "-pl \"$MODULE\" dependency:copy-dependencies -DincludeScope=runtime",
                "SERVER_PORT=${PORT}", "EXPOSE ${PORT}", "http://localhost:${SERVER_PORT}/actuator/health",
                "exec java -cp 'lib/*' \\\"$MAIN_CLASS\\\"");
        for (Map.Entry<String, Integer> module : ports.entrySet()) {
            // when
            JsonNode args = services.get(module.getKey()).path("build").path("args");

            // then: the module exists, its main class is on its class path, and the port is the one compose serves on
            assertThat(args.path("MODULE").asString("")).as(module.getKey() + " MODULE").isEqualTo(module.getKey());
            assertThat(DeployFiles.root().resolve(module.getKey()).resolve("pom.xml")).isRegularFile();
            Class<?> main = Class.forName(args.path("MAIN_CLASS").asString(""));
            assertThat(main.getMethod("main", String[].class)).as(main.getName()).isNotNull();
            assertThat(main.getPackageName()).as(module.getKey() + " MAIN_CLASS").startsWith("uk.nhs.impactmonitor.");
            assertThat(args.path("PORT").asString("")).as(module.getKey() + " PORT").isEqualTo(String.valueOf(module.getValue()));
            assertThat(services.get(module.getKey()).get("environment").get("SERVER_PORT").asString(""))
                    .isEqualTo(String.valueOf(module.getValue()));
        }
        assertThat(services.get("impact-streams-2").path("build").path("args").path("MODULE").asString("")).isEqualTo("impact-streams");
    }

    @Test
    void shouldStartAServiceOnlyWhenWhatItDependsOnIsHealthyOrDone() {
        // given
        JsonNode services = DeployFiles.compose().get("services");
        List<String> problems = new ArrayList<>();

        // when
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            JsonNode definition = service.getValue();
            boolean oneShot = "no".equals(definition.path("restart").asString(""));
            if (!oneShot && definition.path("healthcheck").path("test").isMissingNode()) {
                problems.add(service.getKey() + " has no healthcheck");
            }
            JsonNode dependsOn = definition.path("depends_on");
            if (dependsOn.isArray()) {
                problems.add(service.getKey() + " depends_on is a list, so it waits for nothing but the start");
            }
            for (Map.Entry<String, JsonNode> dependency : dependsOn.isObject() ? dependsOn.properties() : java.util.Set.<Map.Entry<String, JsonNode>>of()) {
                String condition = dependency.getValue().path("condition").asString("");
                if (!condition.equals("service_healthy") && !condition.equals("service_completed_successfully")) {
                    problems.add(service.getKey() + " -> " + dependency.getKey() + ": condition '" + condition + "'");
                }
                if (!services.has(dependency.getKey())) {
                    problems.add(service.getKey() + " -> " + dependency.getKey() + ": no such service");
                }
                if (condition.equals("service_healthy") && services.get(dependency.getKey()) != null
                        && services.get(dependency.getKey()).path("healthcheck").isMissingNode()) {
                    problems.add(service.getKey() + " waits for " + dependency.getKey() + " to be healthy, which has no healthcheck");
                }
            }
        }

        // then
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldKeepKafkaDataAndStreamsStateInNamedVolumesWhenContainersAreReplaced() {
        // given
        JsonNode compose = DeployFiles.compose();
        JsonNode services = compose.get("services");

        // when
        List<String> kafka = mounts(services.get("kafka"));
        List<String> streams = mounts(services.get("impact-streams"));
        List<String> streams2 = mounts(services.get("impact-streams-2"));
        String streamsDataDir = services.get("impact-streams").get("environment").get("MONITOR_DATA_DIR").asString("");

        // then
        assertThat(kafka).contains("kafka-data:/var/lib/kafka/data");
        assertThat(services.get("kafka").get("environment").get("KAFKA_LOG_DIRS").asString("")).isEqualTo("/var/lib/kafka/data");
        assertThat(streams).contains("streams-state:" + streamsDataDir);
        assertThat(streams2).contains("streams-state-2:" + streamsDataDir);
        assertThat(compose.get("volumes").propertyNames()).contains("kafka-data", "kafka-2-data", "kafka-3-data",
                "streams-state", "streams-state-2");
    }

    @Test
    void shouldCreateEveryContractTopicAndItsDeadLetterTopicWhenTheInitServiceRuns() {
        // given
        String script = DeployFiles.stream(DeployFiles.compose().get("services").get("kafka-init").get("command"))
                .map(line -> line.asString("")).reduce("", String::concat);

        // when / then: every topic the local stack defines (the contract's and alerts-service's), and its dead-letter
        // topic; that each gets its definition's settings is KafkaInitScriptIntegrationTest's, against a broker
        for (var topic : uk.nhs.impactmonitor.localstack.TopicSetup.ALL) {
            assertThat(script).as(topic.name()).contains(topic.name());
        }
        assertThat(script).contains("create \"$$topic.dlq\"", "--if-not-exists", "cleanup.policy=compact", "retention.ms=-1");
    }

    private static List<String> mounts(JsonNode service) {
        return DeployFiles.stream(service.path("volumes")).map(v -> v.asString("")).toList();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DeployFiles.root().toFile()).redirectErrorStream(true);
        // compose refuses to resolve without the deployment's secrets (no defaults on purpose): give it stand-ins
        builder.environment().put("MONITOR_ADMIN_TOKEN", "compose-config-check-token-0123456789abcdef");
        builder.environment().put("ALERTS_WEBHOOKS_SECRET_KEY", "compose-config-check-key");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }
}
