package uk.nhs.impactmonitor.streams.config;

import java.time.Duration;
import java.nio.file.Path;
import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.calendar.CalendarFormatException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings of impact-streams. Checked when bound: a bad value stops start-up with a message naming it,
 * rather than producing quietly wrong indicators.
 *
 * @param monitoringStart first day of monitoring; default {@code 2024-08-01}
 * @param baseline        the baseline period B of {@code indicators.md}
 * @param streams         engine settings
 * @param calendar        the bank holidays ({@code monitor.calendar.*})
 * @param indicators      indicator settings ({@code monitor.indicators.*})
 */
@ConfigurationProperties("monitor")
public record ImpactSettings(
        @DefaultValue("2024-08-01") LocalDate monitoringStart,
        @DefaultValue Baseline baseline,
        @DefaultValue Streams streams,
        @DefaultValue Calendar calendar,
        @DefaultValue Indicators indicators) {

    /** Baseline length when only the monitoring start is given: "the 28 days before the monitoring start". */
    public static final int DEFAULT_BASELINE_DAYS = 28;

    public ImpactSettings {
        if (monitoringStart == null) {
            throw new IllegalArgumentException("monitor.monitoring-start: required");
        }
        // binding always gives every part (@DefaultValue); code that builds settings by hand may leave a part out
        baseline = baseline == null ? new Baseline(null, null) : baseline;
        streams = streams == null ? defaults().streams() : streams;
        calendar = calendar == null ? new Calendar(null) : calendar;
        indicators = indicators == null ? defaults().indicators() : indicators;
        if (baselineFromOf(monitoringStart, baseline).isAfter(baselineToOf(monitoringStart, baseline))) {
            throw new IllegalArgumentException("monitor.baseline.to: must not be before monitor.baseline.from");
        }
    }

    /**
     * Defaults throughout, as a deployment without any monitor.* setting gets them: bound from no properties, so each
     * default is stated once, in its {@code @DefaultValue}.
     */
    public static ImpactSettings defaults() {
        return Defaults.SETTINGS;
    }

    /** Bound on first use (not while this record's class initialises, which binding needs). */
    private static final class Defaults {
        static final ImpactSettings SETTINGS = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("monitor", ImpactSettings.class);
    }

    /** The same settings with another baseline period (tests, and deployments that set both ends). */
    public ImpactSettings withBaseline(LocalDate from, LocalDate to) {
        return new ImpactSettings(monitoringStart, new Baseline(from, to), streams, calendar, indicators);
    }

    public ImpactSettings withStreams(Streams other) {
        return new ImpactSettings(monitoringStart, baseline, other, calendar, indicators);
    }

    public ImpactSettings withCalendar(Calendar other) {
        return new ImpactSettings(monitoringStart, baseline, streams, other, indicators);
    }

    public ImpactSettings withIndicators(Indicators other) {
        return new ImpactSettings(monitoringStart, baseline, streams, calendar, other);
    }

    /** First day of B. */
    public LocalDate baselineFrom() {
        return baselineFromOf(monitoringStart, baseline);
    }

    /** Last day of B (inclusive). */
    public LocalDate baselineTo() {
        return baselineToOf(monitoringStart, baseline);
    }

    private static LocalDate baselineFromOf(LocalDate start, Baseline baseline) {
        return baseline.from() != null ? baseline.from() : start.minusDays(DEFAULT_BASELINE_DAYS);
    }

    private static LocalDate baselineToOf(LocalDate start, Baseline baseline) {
        return baseline.to() != null ? baseline.to() : start.minusDays(1);
    }

    /**
     * The baseline period B, both ends inclusive.
     *
     * @param from first day; default 28 days before {@code monitor.monitoring-start}
     * @param to   last day; default the day before {@code monitor.monitoring-start}
     */
    public record Baseline(LocalDate from, LocalDate to) {
    }

    /**
     * The calendar of indicators.md: England and Wales bank holidays, which give day types and working days.
     *
     * @param bankHolidays path of a file in GOV.UK's {@code bank-holidays.json} format (division
     *                     {@code england-and-wales}); default none: the built-in list of 2023 to 2027
     *                     ({@link ActivityCalendar#builtIn()}). A file that cannot be read or is malformed stops start-up
     *                     with a message naming the file and the line.
     */
    public record Calendar(String bankHolidays) {

        public Calendar {
            if (bankHolidays != null && !bankHolidays.isBlank()) {
                // read once here so a bad file refuses start-up while binding, with the binder naming the property
                try {
                    ActivityCalendar.read(Path.of(bankHolidays));
                } catch (CalendarFormatException e) {
                    // the message says it all (file and line); no cause, so the binder's "Reason" is this message
                    throw new IllegalArgumentException("monitor.calendar.bank-holidays: " + e.getMessage());
                }
            }
        }

        /** The bank holidays these settings name. */
        public ActivityCalendar load() {
            return bankHolidays == null || bankHolidays.isBlank() ? ActivityCalendar.builtIn() : ActivityCalendar.read(Path.of(bankHolidays));
        }
    }

    /**
     * Indicator settings.
     *
     * @param reportingLagDays L of indicators.md: a report-based value of day d is provisional when d > H − L (its
     *                         window still holds days whose reports are arriving); default 3
     */
    public record Indicators(@DefaultValue("3") int reportingLagDays) {

        public Indicators {
            if (reportingLagDays < 0) {
                throw new IllegalArgumentException("monitor.indicators.reporting-lag-days: must not be negative");
            }
        }
    }

    /**
     * Kafka Streams engine settings.
     *
     * @param applicationId     application.id, also the prefix of internal topics; default {@code impact-streams}
     * @param emitInterval      how often pending days are recomputed and changed values emitted (wall clock); default 200ms
     * @param maxDaysPerEmit    most days recomputed in one emission, latest first, so a national replay cannot stall
     *                          the freshest days; default 62
     * @param stateDir          state.dir; default {@code ${monitor.data-dir:./data}/impact-streams}
     * @param applicationServer application.server (host:port of this instance's HTTP API, for queries from other
     *                          instances); default {@code localhost:${server.port}}
     * @param standbyReplicas   num.standby.replicas; default 0
     * @param replicationFactor replication factor of internal topics and of topics this service creates; default 1
     * @param createTopics      create the topics this service reads and writes when missing; default true
     * @param topicPartitions   partitions of topics this service creates; default 1 (the model runs in one task anyway)
     * @param commitInterval    commit.interval.ms; default 100ms
     * @param emitBudget        time one emission may spend recomputing days before leaving the rest for the next
     *                          (at least one day is always done), well inside the transaction timeout; default 1s
     * @param inMemoryStores    keep the stores in memory instead of RocksDB (still changelogged, so restored in full on
     *                          start): for tests and throwaway demos; default false
     * @param catchUpRecords    records read since the last emission from which the model counts as catching up (a
     *                          replay, a bulk load) and emits at the catch-up pace instead; default 5000 (fewer than
     *                          one national day of reports, many more than live notices and reports)
     * @param catchUpEmitInterval least time between emissions while catching up; default 2s
     */
    public record Streams(
            @DefaultValue("impact-streams") String applicationId,
            @DefaultValue("200ms") Duration emitInterval,
            @DefaultValue("62") int maxDaysPerEmit,
            @DefaultValue("./data/impact-streams") String stateDir,
            @DefaultValue("localhost:8082") String applicationServer,
            @DefaultValue("0") int standbyReplicas,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("true") boolean createTopics,
            @DefaultValue("1") int topicPartitions,
            @DefaultValue("100ms") Duration commitInterval,
            @DefaultValue("1s") Duration emitBudget,
            @DefaultValue("false") boolean inMemoryStores,
            @DefaultValue("5000") int catchUpRecords,
            @DefaultValue("2s") Duration catchUpEmitInterval) {

        public Streams {
            require(applicationId != null && !applicationId.isBlank(), "monitor.streams.application-id: required");
            require(emitInterval != null && !emitInterval.isNegative() && !emitInterval.isZero(),
                    "monitor.streams.emit-interval: must be positive");
            require(maxDaysPerEmit > 0, "monitor.streams.max-days-per-emit: must be positive");
            require(stateDir != null && !stateDir.isBlank(), "monitor.streams.state-dir: required");
            require(applicationServer != null && applicationServer.matches("[^:]+:\\d+"),
                    "monitor.streams.application-server: must be host:port");
            require(standbyReplicas >= 0, "monitor.streams.standby-replicas: must not be negative");
            require(replicationFactor > 0, "monitor.streams.replication-factor: must be positive");
            require(topicPartitions > 0, "monitor.streams.topic-partitions: must be positive");
            require(commitInterval != null && !commitInterval.isNegative(), "monitor.streams.commit-interval: must not be negative");
            require(emitBudget != null && !emitBudget.isNegative(), "monitor.streams.emit-budget: must not be negative");
            require(catchUpRecords > 0, "monitor.streams.catch-up-records: must be positive");
            require(catchUpEmitInterval != null && !catchUpEmitInterval.isNegative(),
                    "monitor.streams.catch-up-emit-interval: must not be negative");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
