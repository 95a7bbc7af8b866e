package uk.nhs.impactmonitor.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft: broker and controller in one) running inside this JVM, its log kept
 * under {@code <dataDir>/kafka} so that a restart finds every topic and offset again. The log directory is
 * formatted once, on first start, exactly as {@code kafka-storage.sh format} would.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    public LocalKafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, Map.of());
    }

    /** @param overrides broker settings over the local stack's, e.g. a short {@code log.retention.ms} for a test */
    public LocalKafkaBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this.logDir = dataDir.resolve("kafka").toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start() throws IOException {
        Files.createDirectories(logDir);
        Properties properties = serverProperties();
        Path config = logDir.resolveSibling("kafka-server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "written by the local stack on each start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", config.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new IOException("formatting the Kafka log directory " + logDir + " failed: " + output.toString(StandardCharsets.UTF_8));
            }
            log.info("Formatted a new Kafka log directory at {}", logDir);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        log.info("Kafka broker up at {} (log in {})", bootstrapServers(), logDir);
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // one node: every internal topic has one replica
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", "1");
        // topics are created explicitly by the local stack and by Kafka Streams; a typo should not make a topic
        p.setProperty("auto.create.topics.enable", "false");
        // no reason to wait for more group members on a laptop; start-up time matters
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        overrides.forEach(p::setProperty);
        return p;
    }

    /** Stops the broker and waits for it, so the log is closed cleanly for the next start. */
    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Kafka broker stopped");
        }
    }
}
