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

    private final ProcessorContext<String, ModelOutput> context;
    private final KeyValueStore<String, IndicatorValue> store;

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
        IndicatorValue stored = store.get(key);
        if (value.sameReadingAs(stored) || (onlyOverExisting && (stored == null || stored.value() == null))) {
            return 0;
        }
        store.put(key, value);
        context.forward(new Record<>(key, ModelOutput.of(value), wallClockMs));
        return 1;
    }
}
