package uk.nhs.impactmonitor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The deployment files as committed at the repository root, read the way Grafana, Prometheus and Compose read them. */
final class DeployFiles {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {
    }

    /** Maven runs the tests in the module directory; the deployment files sit one level up, beside the root pom. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static JsonNode yaml(Path file) {
        return YAML.readTree(read(file));
    }

    static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode compose() {
        return yaml(root().resolve("docker-compose.yml"));
    }

    /** The uid every panel must name: the one the datasource provisioning file gives Prometheus. */
    static String provisionedDatasourceUid() {
        List<JsonNode> prometheus = stream(yaml(root().resolve("grafana/provisioning/datasources/prometheus.yml")).get("datasources"))
                .filter(ds -> "prometheus".equals(ds.path("type").asString("")))
                .toList();
        if (prometheus.size() != 1) {
            throw new IllegalStateException("expected one Prometheus datasource, found " + prometheus.size());
        }
        return prometheus.get(0).get("uid").asString("");
    }

    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(root().resolve("grafana/dashboards"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<JsonNode> stream(JsonNode arrayOrMissing) {
        if (arrayOrMissing == null || arrayOrMissing.isMissingNode() || arrayOrMissing.isNull()) {
            return Stream.empty();
        }
        return arrayOrMissing.valueStream();
    }
}
