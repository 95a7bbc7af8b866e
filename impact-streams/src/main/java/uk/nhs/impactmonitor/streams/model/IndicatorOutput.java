package uk.nhs.impactmonitor.streams.model;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;

/**
 * How a processor of the model's task emits indicator values (the national model's and the appointments feed's): on
 * a wall-clock punctuation every {@code monitor.streams.emit-interval}, into the one queryable {@code indicator-values}
 * store, forwarding only the values whose reading changed, so a recomputation that changes nothing sends nothing.
 */
public final class IndicatorOutput {

    /**
     * Readings last written to (or read from) the store, most recently used kept: about the last month of national
     * days. Each recomputed value is compared with what the store holds, and only a change is written; a live notice
     * recomputes a few recent days (~4,000 values each), and reading each comparison from RocksDB cost more than the
     * recomputation itself. Only the model's task writes the store, so the copy cannot go stale; a new output (every
     * {@code init}, after which the store may have been restored) starts empty.
     */
    static final int READINGS_CACHED = 150_000;

    private final ProcessorContext<String, ModelOutput> context;
    private final KeyValueStore<String, IndicatorValue> store;
    private final java.util.Map<String, IndicatorValue> readings = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, IndicatorValue> eldest) {
            return size() > READINGS_CACHED;
        }
    };

    private IndicatorOutput(ProcessorContext<String, ModelOutput> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.INDICATOR_VALUES);
    }

    /** The processor's output, from its {@code init}. */
    public static IndicatorOutput of(ProcessorContext<String, ModelOutput> context) {
        return new IndicatorOutput(context);
    }

    /** Calls {@code emit} with the wall-clock time every emit interval (call last in {@code init}). */
    public void schedule(ImpactSettings settings, Punctuator emit) {
        Duration interval = settings.streams().emitInterval();
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, emit);
    }

    /** Writes and forwards the value unless it reads as the stored one; 1 when it did, else 0. */
    public int write(IndicatorValue value, long wallClockMs) {
        return write(value, false, wallClockMs);
    }

    /**
     * As {@link #write(IndicatorValue, long)}; with {@code onlyOverExisting}, only over a stored value that has one (an
     * attributable change no longer in force retires a value, it never creates one).
     */
    public int write(IndicatorValue value, boolean onlyOverExisting, long wallClockMs) {
        String key = value.key();
        IndicatorValue stored = readings.get(key);
        if (stored == null) {
            stored = store.get(key);
            if (stored != null) {
                readings.put(key, stored);
            }
        }
        if (value.sameReadingAs(stored) || (onlyOverExisting && (stored == null || stored.value() == null))) {
            return 0;
        }
        store.put(key, value);
        readings.put(key, value);
        context.forward(new Record<>(key, ModelOutput.of(value), wallClockMs));
        return 1;
    }
}
