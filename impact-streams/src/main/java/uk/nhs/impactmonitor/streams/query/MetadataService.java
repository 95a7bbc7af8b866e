package uk.nhs.impactmonitor.streams.query;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * Which instance holds the indicator store, and the store itself when it is here. The national model runs in
 * one task (its input has one partition), so every key lives with that task: the answer is the same for every
 * area, and any key finds it.
 */
public final class MetadataService {

    /** Where a query is answered. */
    public sealed interface Location permits Local, Remote {
    }

    /** Here; {@code stale} when this instance holds a standby copy rather than the active one. */
    public record Local(boolean stale) implements Location {
    }

    /** At another instance. */
    public record Remote(HostInfo host) implements Location {
    }

    /** The store's one partition holds every key, so any key locates it. */
    private static final String ANY_KEY = "national-model-input";

    private final RunningStreams impactStreams;

    public MetadataService(RunningStreams impactStreams) {
        this.impactStreams = impactStreams;
    }

    /**
     * Where to answer. A request already forwarded once is answered here from a standby if there is one, never
     * forwarded again (no loops while ownership moves).
     */
    public Location locate(boolean forwarded) {
        KafkaStreams streams = running();
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(StoreNames.INDICATOR_VALUES, ANY_KEY, Serdes.String().serializer());
        } catch (IllegalStateException e) {
            throw new StoreUnavailableException("impact-streams is not running yet", e);
        }
        HostInfo self = impactStreams.self();
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StoreUnavailableException("the indicator store is not assigned to any instance yet");
        }
        if (self.equals(metadata.activeHost())) {
            return new Local(false);
        }
        boolean standbyHere = metadata.standbyHosts().contains(self);
        if (forwarded) {
            if (standbyHere) {
                return new Local(true);
            }
            throw new StoreUnavailableException("the indicator store is moving between instances");
        }
        return new Remote(metadata.activeHost());
    }

    /** Whether this instance has a standby copy to fall back on when the active one cannot be reached. */
    public boolean hasStandbyHere() {
        try {
            KeyQueryMetadata metadata = running().queryMetadataForKey(StoreNames.INDICATOR_VALUES, ANY_KEY, Serdes.String().serializer());
            return metadata != null && metadata.standbyHosts().contains(impactStreams.self());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The local store (active, or standby when {@code stale}). */
    public IndicatorStore localStore(boolean stale) {
        KafkaStreams streams = running();
        try {
            StoreQueryParameters<ReadOnlyKeyValueStore<String, IndicatorValue>> values = StoreQueryParameters.fromNameAndType(
                    StoreNames.INDICATOR_VALUES, QueryableStoreTypes.<String, IndicatorValue>keyValueStore());
            StoreQueryParameters<ReadOnlyKeyValueStore<String, String>> horizon = StoreQueryParameters.fromNameAndType(
                    StoreNames.MODEL_HORIZON, QueryableStoreTypes.<String, String>keyValueStore());
            if (stale) {
                values = values.enableStaleStores();
                horizon = horizon.enableStaleStores();
            }
            return new IndicatorStore(streams.store(values), streams.store(horizon));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the indicator store is being restored or rebalanced", e);
        }
    }

    /** Another store of the national model's task (active, or standby when {@code stale}), read-only. */
    public <V> ReadOnlyKeyValueStore<String, V> localStore(String name, boolean stale) {
        KafkaStreams streams = running();
        try {
            StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters.fromNameAndType(name,
                    QueryableStoreTypes.<String, V>keyValueStore());
            return streams.store(stale ? parameters.enableStaleStores() : parameters);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the " + name + " store is being restored or rebalanced", e);
        }
    }

    private KafkaStreams running() {
        KafkaStreams streams = impactStreams.streams();
        if (streams == null || !(streams.state() == KafkaStreams.State.RUNNING || streams.state() == KafkaStreams.State.REBALANCING)) {
            throw new StoreUnavailableException("impact-streams is " + (streams == null ? "not started" : streams.state()));
        }
        return streams;
    }
}
