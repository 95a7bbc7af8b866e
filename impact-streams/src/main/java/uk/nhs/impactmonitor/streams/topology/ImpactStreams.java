package uk.nhs.impactmonitor.streams.topology;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import uk.nhs.impactmonitor.domain.calendar.ActivityCalendar;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import uk.nhs.impactmonitor.streams.metrics.ModelLatency;
import uk.nhs.impactmonitor.streams.query.RunningStreams;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHandler;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetters;

/**
 * Owns the {@link KafkaStreams} instance: built from {@link ImpactTopology} at start, closed with a timeout at
 * stop (after the web server stops taking requests). State is restored from the changelogs by Kafka Streams
 * itself on start.
 */
public final class ImpactStreams implements SmartLifecycle, RunningStreams {

    private static final Logger log = LoggerFactory.getLogger(ImpactStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final ImpactSettings settings;
    private final PracticeDirectory directory;
    private final String bootstrapServers;
    private final DeadLetters deadLetters;
    private final ModelLatency modelLatency;
    private final KafkaClientMeters clientMeters;
    private final ActivityCalendar calendar;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaStreams streams;
    private KafkaClientMeters.Binding streamsMeters;

    public ImpactStreams(ImpactSettings settings, PracticeDirectory directory, String bootstrapServers, DeadLetters deadLetters) {
        this(settings, directory, bootstrapServers, deadLetters, ModelLatency.NONE, KafkaClientMeters.NONE);
    }

    public ImpactStreams(ImpactSettings settings, PracticeDirectory directory, String bootstrapServers, DeadLetters deadLetters,
                         ModelLatency modelLatency, KafkaClientMeters clientMeters) {
        this(settings, directory, bootstrapServers, deadLetters, modelLatency, clientMeters, settings.calendar().load());
    }

    public ImpactStreams(ImpactSettings settings, PracticeDirectory directory, String bootstrapServers, DeadLetters deadLetters,
                         ModelLatency modelLatency, KafkaClientMeters clientMeters, ActivityCalendar calendar) {
        this.calendar = calendar;
        this.settings = settings;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.deadLetters = deadLetters;
        this.modelLatency = modelLatency;
        this.clientMeters = clientMeters;
    }

    /** The Streams configuration a reviewer expects: exactly-once v2, explicit names, dead letters, no optimisation. */
    public Properties properties() {
        ImpactSettings.Streams engine = settings.streams();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, engine.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // unique per instance, so two instances in one JVM (tests) do not clash on client ids and metrics
        String instance = engine.applicationId() + "-" + engine.applicationServer().replace(':', '-');
        props.put(StreamsConfig.CLIENT_ID_CONFIG, instance);
        // Static membership: an instance restarted after a crash (kill -9, power cut) rejoins under the same
        // group.instance.id and takes its own place at once, instead of waiting for the dead member's session
        // (45 s) to expire before the group can rebalance. application.server names the instance (host:port of its
        // API), so it is unique and stable per instance; Streams appends the thread's index. A clean stop still
        // leaves the group (stop() below), so a planned restart hands the model over at once too.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instance);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, engine.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) engine.replicationFactor());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, engine.standbyReplicas());
        props.put(StreamsConfig.STATE_DIR_CONFIG, engine.stateDir());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, engine.applicationServer());
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ModelFailureHandler.class);
        props.put(DeadLetterHandler.DEAD_LETTERS_CONFIG, deadLetters);
        props.put(ModelLatency.CONFIG, modelLatency);
        return props;
    }

    public Topology topology() {
        return ImpactTopology.build(new StreamsBuilder(), settings, directory, deadLetters, calendar).build();
    }

    /** This instance's address as other instances see it. */
    @Override
    public HostInfo self() {
        return HostInfo.buildFromEndpoint(settings.streams().applicationServer());
    }

    /** The running instance, or {@code null} before start and after stop. */
    @Override
    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            Topology topology = topology();
            log.debug("Topology:\n{}", topology.describe());
            KafkaStreams created = new KafkaStreams(topology, properties());
            created.setUncaughtExceptionHandler(e -> {
                log.error("Stream thread failed; replacing it", e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            created.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
            // lag of every consumer of the instance (input topics, the model's repartition topic, restoration)
            streamsMeters = clientMeters.bind((scheduler, refresh) -> new KafkaStreamsMetrics(created, Tags.empty(), scheduler, refresh));
            created.start();
            streams = created;
        }
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            KafkaStreams current = streams;
            streams = null;
            if (current != null) {
                // leaving the group hands the model to another instance at once, instead of after the session timeout
                current.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }
            if (streamsMeters != null) {
                streamsMeters.close();
                streamsMeters = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Start after the web server is ready to answer, stop before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
