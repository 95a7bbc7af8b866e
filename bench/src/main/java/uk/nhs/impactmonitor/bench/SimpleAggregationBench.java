package uk.nhs.impactmonitor.bench;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * Section 2, the engine's floor: the simplest aggregation of the same records with the same engine settings as
 * impact-streams (exactly_once_v2, 100 ms commits, no cache): both topics read with the contract's JSON serdes, re-keyed
 * by practice, repartitioned (as the full topology must, to bring a practice's records together) and counted per
 * practice into a changelogged RocksDB store.
 */
final class SimpleAggregationBench {

    static final String STORE = "records-per-practice";

    private SimpleAggregationBench() {
    }

    record Result(StreamsRun.Measured measured, long records, long counted) {
        double recordsPerSecond() {
            return records / measured.processedSeconds();
        }
    }

    static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> notices = builder.stream(Topics.PRACTICE_NOTICES.name(),
                        Consumed.with(Topics.PRACTICE_NOTICES.keySerde(), Topics.PRACTICE_NOTICES.valueSerde()))
                .mapValues(notice -> notice.practiceCode());
        KStream<String, String> reports = builder.stream(Topics.PRACTICE_ACTIVITY.name(),
                        Consumed.with(Topics.PRACTICE_ACTIVITY.keySerde(), Topics.PRACTICE_ACTIVITY.valueSerde()))
                .mapValues(report -> report.practiceCode());
        notices.merge(reports, Named.as("records"))
                .selectKey((key, practice) -> practice)
                .groupByKey(Grouped.with("by-practice", Serdes.String(), Serdes.String()))
                .count(Materialized.as(STORE));
        return builder.build();
    }

    /** @param engine impact-streams' own engine properties; the application id and state directory are replaced */
    static Result run(Properties engine, String applicationId, String stateDir, long records) {
        Properties properties = new Properties();
        properties.putAll(engine);
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        long[] counted = new long[1];
        StreamsRun.Measured measured = StreamsRun.run(topology(), properties, 2 * records, streams -> true,
                streams -> counted[0] = total(streams), Duration.ofMinutes(20));
        return new Result(measured, records, counted[0]);
    }

    private static long total(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(STORE,
                QueryableStoreTypes.<String, Long>keyValueStore()));
        long total = 0;
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                total += all.next().value;
            }
        }
        return total;
    }
}
