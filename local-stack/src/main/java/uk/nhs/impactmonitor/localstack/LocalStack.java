package uk.nhs.impactmonitor.localstack;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import uk.nhs.impactmonitor.alerts.AlertsServiceApplication;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.simulator.demo.DemoRunner;
import uk.nhs.impactmonitor.simulator.demo.DemoSettings;
import uk.nhs.impactmonitor.streams.ImpactStreamsApplication;
import uk.nhs.impactmonitor.streams.topology.ImpactStreams;
import uk.nhs.impactmonitor.web.security.DevCredentials;

/**
 * The whole monitor in one process: a real KRaft Kafka broker (unless {@code --monitor.kafka.bootstrap-servers}
 * names one), the topics, and ingest-service, impact-streams and alerts-service, each its own Spring
 * context on its own port. Ctrl-C stops the services, then the broker, in that order, so nothing is
 * left half-written.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private final LocalKafkaBroker broker;
    private final String bootstrapServers;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final Duration startUp;
    private final int authPort;
    private DevAuthorizationServer authorizationServer;
    private DemoRunner demo;

    private LocalStack(LocalStackSettings settings, String[] args) throws Exception {
        long started = System.nanoTime();
        this.settings = settings;
        Files.createDirectories(settings.dataDir());
        if (settings.kafka().inProcess()) {
            broker = new LocalKafkaBroker(settings.dataDir(), settings.kafka().port(), settings.kafka().controllerPort());
            broker.start();
            bootstrapServers = broker.bootstrapServers();
        } else {
            broker = null;
            bootstrapServers = settings.kafka().bootstrapServers();
        }
        List<String> created = TopicSetup.ensureTopics(bootstrapServers, 1, (short) 1);
        if (!created.isEmpty()) {
            log.info("Created topics {}", created);
        }
        authPort = settings.local().authPort() == 0 ? freePort() : settings.local().authPort();
        // One after the other: started side by side, the three contexts race re-initialising the one Logback
        // context of the JVM (seen: ArrayIndexOutOfBoundsException in LoggerContext.reset, and no stack), for ~2 s gained.
        try {
            services.add(run(IngestServiceApplication.builder(), args, settings.local().ingestPort()));
            services.add(run(ImpactStreamsApplication.builder(), args, settings.local().streamsPort()));
            services.add(run(AlertsServiceApplication.builder(), args, settings.local().alertsPort()));
            // after the services, as its clients act for the directory's first practice; the services fetch its keys
            // only when the first JWT arrives
            // the pages' addresses on the ports the two services actually bound (a port given as 0 is any free one),
            // by both loopback names: where the browser is sent back after signing in, and the origins allowed to
            // exchange the code at the token endpoint
            authorizationServer = DevAuthorizationServer.start(authPort, directory(),
                    pageAddresses(boundPort(services.get(0)), boundPort(services.get(1))),
                    java.util.Arrays.stream(args).filter(arg -> arg.startsWith("--logging.")).toList());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        awaitIndicatorsRunning(services.get(1), Duration.ofSeconds(90));
        this.startUp = Duration.ofNanos(System.nanoTime() - started);
        if (settings.demo().enabled()) {
            demo = DemoRunner.start(DemoSettings.of(settings.dataDir(), bootstrapServers,
                            java.net.URI.create("http://localhost:" + settings.local().ingestPort()), DevCredentials.ADMIN_TOKEN)
                    .withScenario(settings.demo().scenario()).withInterval(settings.demo().interval()), directory());
        }
    }

    /** Starts everything; {@code args} are Spring-style {@code --name=value} options (see the README). */
    public static LocalStack start(String... args) throws Exception {
        return new LocalStack(parseSettings(args), args);
    }

    static LocalStackSettings parseSettings(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return Binder.get(environment).bindOrCreate("monitor", LocalStackSettings.class);
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, String[] args, int port) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("server.port", String.valueOf(port));
        defaults.put("spring.kafka.bootstrap-servers", bootstrapServers);
        defaults.put("monitor.data-dir", settings.dataDir().toAbsolutePath().toString());
        // the development credentials are public, so the services accept them only in the dev profile (CredentialPolicy)
        defaults.put("spring.profiles.active", "dev");
        defaults.put("monitor.security.dev-credentials", "true");
        // JWTs from the in-process authorization server (DevAuthorizationServer), beside the static tokens
        defaults.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", DevAuthorizationServer.issuerOn(authPort));
        defaults.put("monitor.security.jwt.audience", DevAuthorizationServer.AUDIENCE);
        // the pages sign in through it too (authorization code with PKCE, public client): GET /api/v1/sign-in tells them where
        String issuer = DevAuthorizationServer.issuerOn(authPort);
        defaults.put("monitor.security.sign-in.client-id", DevAuthorizationServer.PAGES_CLIENT);
        defaults.put("monitor.security.sign-in.issuer", issuer);
        defaults.put("monitor.security.sign-in.authorization-endpoint", DevAuthorizationServer.authorizationEndpointOn(authPort));
        defaults.put("monitor.security.sign-in.token-endpoint", DevAuthorizationServer.tokenEndpointOn(authPort));
        // the first request after start-up should not pay for initialising Spring MVC
        defaults.put("spring.mvc.servlet.load-on-startup", "1");
        defaults.put("monitor.services.ingest-url", "http://localhost:" + settings.local().ingestPort());
        defaults.put("monitor.services.streams-url", "http://localhost:" + settings.local().streamsPort());
        defaults.put("monitor.services.alerts-url", "http://localhost:" + settings.local().alertsPort());
        // the planners' page (served by impact-streams) reads firing alerts through impact-streams from here
        defaults.put("monitor.alerts-link.base-url", "http://localhost:" + settings.local().alertsPort());
        List<String> merged = new ArrayList<>(List.of(args));
        defaults.forEach((name, value) -> {
            if (merged.stream().noneMatch(arg -> arg.startsWith("--" + name + "="))) {
                merged.add("--" + name + "=" + value);
            }
        });
        // one shutdown hook for the whole stack closes the services before the broker
        return builder.registerShutdownHook(false).run(merged.toArray(String[]::new));
    }

    /**
     * "Up" means a notice posted now shows up as an indicator: wait until impact-streams' topology has its
     * partitions and is processing, not merely until its web server listens.
     */
    private static void awaitIndicatorsRunning(ConfigurableApplicationContext streams, Duration timeout) throws InterruptedException {
        KafkaStreams engine = streams.getBean(ImpactStreams.class).streams();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (engine.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !engine.state().isRunningOrRebalancing() && engine.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("impact-streams is " + engine.state() + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public LocalStackSettings settings() {
        return settings;
    }

    public Duration startUp() {
        return startUp;
    }

    /** The in-process OAuth2 / OpenID Connect authorization server the services trust. */
    public DevAuthorizationServer authorizationServer() {
        return authorizationServer;
    }

    /** The page of each service, at {@code http://localhost:<port>/} and {@code http://127.0.0.1:<port>/}. */
    static List<String> pageAddresses(int... ports) {
        List<String> addresses = new ArrayList<>();
        for (int port : ports) {
            addresses.add("http://localhost:" + port + "/");
            addresses.add("http://127.0.0.1:" + port + "/");
        }
        return addresses;
    }

    private static int boundPort(ConfigurableApplicationContext service) {
        return ((org.springframework.boot.web.server.context.WebServerApplicationContext) service).getWebServer().getPort();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public PracticeDirectory directory() {
        return services.get(0).getBean(PracticeDirectory.class);
    }

    public String banner() {
        LocalStackSettings.Local ports = settings.local();
        StringBuilder text = new StringBuilder();
        text.append("\n=== System-impact monitor is up in ").append(String.format("%.1f", startUp.toMillis() / 1000.0)).append(" s")
                .append(" (").append(String.format("%.1f", (System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0)).append(" s since the JVM started) ===\n")
                .append("  Practice page (ingest-service)   http://localhost:").append(ports.ingestPort()).append("/\n")
                .append("  Ingest API docs                  http://localhost:").append(ports.ingestPort()).append("/swagger-ui.html\n")
                .append("  Planners' page (impact-streams)  http://localhost:").append(ports.streamsPort()).append("/\n")
                .append("  Indicators (impact-streams)      http://localhost:").append(ports.streamsPort()).append("/api/v1/areas\n")
                .append("  Alerts (alerts-service)          http://localhost:").append(ports.alertsPort()).append("/api/v1/alerts\n")
                .append("  Kafka                            ").append(bootstrapServers)
                .append(broker == null ? " (external)" : " (in-process, data in " + settings.dataDir().toAbsolutePath() + ")").append('\n')
                .append("  Demo scenario                    ")
                .append(demo == null ? "off: starting empty" : "'" + demo.scenario().name() + "': baseline from "
                        + demo.scenario().baselineStart() + ", action from " + demo.scenario().startDate()
                        + "; backfilling, then a new day every " + settings.demo().interval().toSeconds() + " s")
                .append('\n')
                .append("Credentials, sent as 'Authorization: Bearer <token>' (development only):\n");
        for (DevCredentials.DevCredential credential : DevCredentials.of(directory())) {
            text.append(String.format("  %-8s %-28s %s%n", credential.principal().role(),
                    credential.principal().scope() == null ? "everything" : credential.principal().scope(), credential.token()));
        }
        text.append("  (an admin token given with --monitor.security.admin-token also works; it is never printed)\n");
        if (authorizationServer != null) {
            text.append("JWTs from the in-process OAuth2 / OpenID Connect server ").append(authorizationServer.issuer())
                    .append(" (one client per role, secret '").append(DevAuthorizationServer.CLIENT_SECRET).append("'):\n");
            authorizationServer.clients().forEach((client, role) -> text.append(String.format(
                    "  %-20s curl -s -u %s:%s -d grant_type=client_credentials %s%n", role, client, DevAuthorizationServer.CLIENT_SECRET,
                    authorizationServer.tokenEndpoint())));
            var icb = authorizationServer.clients().entrySet().stream().filter(e -> e.getValue().startsWith("ICB:")).findFirst().orElseThrow();
            text.append("  then send its access_token as 'Authorization: Bearer <access_token>', e.g.\n")
                    .append("  TOKEN=$(curl -s -u ").append(icb.getKey()).append(':').append(DevAuthorizationServer.CLIENT_SECRET)
                    .append(" -d grant_type=client_credentials ").append(authorizationServer.tokenEndpoint())
                    .append(" | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n")
                    .append("  curl -s localhost:").append(ports.streamsPort()).append("/api/v1/areas/").append(icb.getValue().substring(4))
                    .append("/indicators -H \"Authorization: Bearer $TOKEN\"\n");
        }
        if (authorizationServer != null) {
            text.append("Both pages also sign in through it: 'Sign in with your organisation', then a user named like the clients\n")
                    .append("  (e.g. ").append(authorizationServer.clients().keySet().stream().filter(c -> c.startsWith("dev-icb-")).findFirst().orElse("dev-admin"))
                    .append("), password '").append(DevAuthorizationServer.USER_PASSWORD).append("'\n");
        }
        text.append("Ctrl-C stops everything.\n");
        return text.toString();
    }

    /** The demo first, then the services (newest first), then the broker. */
    @Override
    public void close() {
        if (demo != null) {
            demo.close();
            demo = null;
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                log.warn("Closing a service failed", e);
            }
        }
        services.clear();
        if (authorizationServer != null) {
            authorizationServer.close();
            authorizationServer = null;
        }
        if (broker != null) {
            broker.close();
        }
    }

    public static void main(String[] args) throws Exception {
        LocalStack stack = start(args);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        System.out.println(stack.banner());
    }
}
