package uk.nhs.impactmonitor.localstack;

import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.DefaultValue;
import uk.nhs.impactmonitor.simulator.demo.DemoSettings;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/**
 * The options of the one-command local run ({@code --name=value}, Spring style), under {@code monitor.}.
 * The services read the same command line, so {@code monitor.baseline.*}, {@code monitor.directory.*} and
 * {@code monitor.security.admin-token} reach them unchanged.
 *
 * @param dataDir   where the broker's log and the services' state live, kept across restarts (default {@code ./data})
 * @param demo      the demo scenario
 * @param kafka     the broker
 * @param local     the services' ports
 */
public record LocalStackSettings(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Demo demo,
        @DefaultValue Kafka kafka,
        @DefaultValue Local local) {

    /**
     * @param enabled  run the demo scenario (default true): a backfill of the baseline weeks and the first two weeks
     *                 of action straight to Kafka, then a new day every {@code interval} through the ingest API;
     *                 false starts empty
     * @param scenario a shipped scenario ({@code mild}, {@code expected}, {@code reasonable-worst-case}) or the path
     *                 of a scenario file (default {@code expected}, the simulator's own default)
     * @param interval time between live days (default 5s, the simulator's own default)
     */
    public record Demo(@DefaultValue("true") boolean enabled, @DefaultValue(ScenarioLoader.DEFAULT_SCENARIO) String scenario,
                       @DefaultValue(DemoSettings.DEFAULT_INTERVAL_SECONDS + "s") java.time.Duration interval) {
    }

    /**
     * @param bootstrapServers an existing Kafka to use instead of the in-process broker (default none: start one)
     * @param port             the in-process broker's client port (default 9092)
     * @param controllerPort   the in-process broker's KRaft controller port (default 9093)
     */
    public record Kafka(String bootstrapServers, @DefaultValue("9092") int port, @DefaultValue("9093") int controllerPort) {
        public boolean inProcess() {
            return bootstrapServers == null || bootstrapServers.isBlank();
        }
    }

    /**
     * @param ingestPort  ingest-service's HTTP port (default 8081)
     * @param streamsPort impact-streams' HTTP port (default 8082)
     * @param alertsPort  alerts-service's HTTP port (default 8083)
     * @param authPort    the in-process OAuth2 / OpenID Connect authorization server's HTTP port (default 9000; 0: any
     *                    free port), whose issuer {@code http://localhost:<authPort>} the services trust for JWTs
     */
    public record Local(@DefaultValue("8081") int ingestPort, @DefaultValue("8082") int streamsPort,
                        @DefaultValue("8083") int alertsPort, @DefaultValue("9000") int authPort) {
    }
}
