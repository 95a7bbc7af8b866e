package uk.nhs.impactmonitor.streams.reliability;

import ch.qos.logback.classic.Level;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.topology.ImpactStreams;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;

/**
 * impact-streams' engine alone, in a process of its own, so a test can kill it with SIGKILL
 * ({@link Process#destroyForcibly()}): no close, no last commit, no leaving the group, RocksDB not flushed — what a
 * power cut or an OOM kill does. It runs exactly what {@link ImpactStreams} runs (its topology and its Streams
 * properties: exactly_once_v2, commit interval 100 ms, the dead-letter handlers, RocksDB stores) on the synthetic
 * directory with the default settings, without the Spring context around it (which only serves HTTP and would
 * add seconds to every restart).
 *
 * <p>One property differs: the consumer's session timeout is the broker's minimum, 6 s, instead of 45 s. A
 * killed member never leaves its group, so the restarted instance's rebalance waits until the dead member's
 * session expires; that wait changes nothing but the test's duration.
 *
 * <p>Arguments: {@code <bootstrap servers> <state dir>}. Prints {@code STATE <state>} on every state change.
 */
public final class StreamsProcess {

    private StreamsProcess() {
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ImpactSettings defaults = ImpactSettings.defaults();
        ImpactSettings.Streams d = defaults.streams();
        ImpactSettings settings = defaults.withStreams(new ImpactSettings.Streams(d.applicationId(), d.emitInterval(),
                d.maxDaysPerEmit(), args[1], "127.0.0.1:1", d.standbyReplicas(), d.replicationFactor(), false,
                d.topicPartitions(), d.commitInterval(), d.emitBudget(), false,
                d.catchUpRecords(), d.catchUpEmitInterval()));
        ImpactStreams engine = new ImpactStreams(settings, SyntheticDirectory.build(), args[0], DeadLetters.NONE);
        Properties properties = engine.properties();
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        KafkaStreams streams = new KafkaStreams(engine.topology(), properties);
        // as ImpactStreams.start(): a failed stream thread is replaced rather than stopping the instance
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        streams.setStateListener((now, before) -> System.out.println("STATE " + now));
        streams.start();
        // no shutdown hook: the test ends this process with SIGKILL only
    }
}
