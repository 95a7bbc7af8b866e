package uk.nhs.impactmonitor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.topology.ImpactStreams;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * Section 3: a national replay through the full impact-streams topology, built by {@link ImpactStreams} exactly as the
 * service builds it ({@code ImpactTopology}, the service's engine properties: exactly_once_v2, RocksDB stores, named
 * internal topics), a fresh application id per run so each replays the topics from the beginning.
 */
final class ReplayBench {

    private ReplayBench() {
    }

    /**
     * @param indicatorValues values in the indicator-values store at the end
     * @param stored          the store itself, when asked for (to compare with a direct run)
     */
    record Result(int scale, long records, StreamsRun.Measured measured, long indicatorValues, Map<String, IndicatorValue> stored) {
        double recordsPerSecond() {
            return records / measured.processedSeconds();
        }
    }

    /** The service's own engine, pointed at the benchmark's broker, state directory and application id. */
    static ImpactStreams engine(NationalData data, String bootstrapServers, String applicationId, Path stateDir) {
        ImpactSettings.Streams defaults = ImpactSettings.defaults().streams();
        ImpactSettings.Streams streams = new ImpactSettings.Streams(applicationId, defaults.emitInterval(), defaults.maxDaysPerEmit(),
                stateDir.toString(), "127.0.0.1:1", defaults.standbyReplicas(), defaults.replicationFactor(), defaults.createTopics(),
                defaults.topicPartitions(), defaults.commitInterval(), defaults.emitBudget(), defaults.inMemoryStores(),
                defaults.catchUpRecords(), defaults.catchUpEmitInterval());
        ImpactSettings settings = ImpactSettings.defaults().withBaseline(data.baselineFrom(), data.baselineTo()).withStreams(streams);
        return new ImpactStreams(settings, data.directory(), bootstrapServers, DeadLetters.NONE);
    }

    static Result run(NationalData data, String bootstrapServers, int scale, long records, Path stateDir, boolean keepStore) {
        String applicationId = "bench-replay-" + scale + "x";
        ImpactStreams engine = engine(data, bootstrapServers, applicationId, stateDir);
        Properties properties = engine.properties();
        Map<String, IndicatorValue> stored = new HashMap<>();
        long[] count = new long[1];
        StreamsRun.Measured measured = StreamsRun.run(engine.topology(), properties, 2 * records, ReplayBench::nothingPending,
                streams -> {
                    try (KeyValueIterator<String, IndicatorValue> all = ReplayBench.<IndicatorValue>store(streams, StoreNames.INDICATOR_VALUES).all()) {
                        while (all.hasNext()) {
                            var entry = all.next();
                            count[0]++;
                            if (keepStore) {
                                stored.put(entry.key, entry.value);
                            }
                        }
                    }
                }, Duration.ofMinutes(30));
        return new Result(scale, records, measured, count[0], keepStore ? stored : Map.of());
    }

    /** Every pending day recomputed and emitted (the model's pending-days store is empty). */
    private static boolean nothingPending(KafkaStreams streams) {
        try (KeyValueIterator<String, String> pending = ReplayBench.<String>store(streams, StoreNames.PENDING_DAYS).all()) {
            return !pending.hasNext();
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    private static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams streams, String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
