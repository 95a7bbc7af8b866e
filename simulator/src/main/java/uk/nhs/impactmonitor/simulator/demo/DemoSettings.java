package uk.nhs.impactmonitor.simulator.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/**
 * What the demo needs; plain Java so the local stack can build it without Spring.
 *
 * @param scenario           a shipped scenario's name or a YAML file's path (default {@code expected})
 * @param dataDir            where the demo keeps its progress ({@code <dataDir>/simulator/demo-state.properties}),
 *                           so a restart does not send the backfill again; the local stack's {@code monitor.data-dir}
 * @param bootstrapServers   Kafka, for the backfill
 * @param ingestUrl          the ingest-service, for the live days (e.g. {@code http://localhost:8081})
 * @param adminToken         a bearer token the ingest-service accepts for every practice
 * @param interval           time between live days (default 5 s)
 * @param backfillActionDays days of the action period included in the backfill, after the baseline weeks
 *                           (default 14): enough for the page to show uptake, leaving the rest to arrive live
 * @param clock              "today" in Europe/London, past which no day is sent (default the system clock)
 */
public record DemoSettings(
        String scenario,
        Path dataDir,
        String bootstrapServers,
        URI ingestUrl,
        String adminToken,
        Duration interval,
        int backfillActionDays,
        Clock clock) {

    /** Seconds between live days by default; a constant so the local stack's {@code monitor.demo.interval} default is this one. */
    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS);
    public static final int DEFAULT_BACKFILL_ACTION_DAYS = 14;

    public DemoSettings {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: must be positive, not " + interval);
        }
        if (backfillActionDays < 0) {
            throw new IllegalArgumentException("backfillActionDays: must not be negative, not " + backfillActionDays);
        }
    }

    /** The defaults: the {@code expected} scenario, a day every 5 s, two weeks of the action period backfilled. */
    public static DemoSettings of(Path dataDir, String bootstrapServers, URI ingestUrl, String adminToken) {
        return new DemoSettings(ScenarioLoader.DEFAULT_SCENARIO, dataDir, bootstrapServers, ingestUrl, adminToken,
                DEFAULT_INTERVAL, DEFAULT_BACKFILL_ACTION_DAYS, Clock.systemUTC());
    }

    public DemoSettings withScenario(String newScenario) {
        return new DemoSettings(newScenario, dataDir, bootstrapServers, ingestUrl, adminToken, interval, backfillActionDays, clock);
    }

    public DemoSettings withInterval(Duration newInterval) {
        return new DemoSettings(scenario, dataDir, bootstrapServers, ingestUrl, adminToken, newInterval, backfillActionDays, clock);
    }

    public DemoSettings withBackfillActionDays(int days) {
        return new DemoSettings(scenario, dataDir, bootstrapServers, ingestUrl, adminToken, interval, days, clock);
    }

    public DemoSettings withClock(Clock newClock) {
        return new DemoSettings(scenario, dataDir, bootstrapServers, ingestUrl, adminToken, interval, backfillActionDays, newClock);
    }
}
