package uk.nhs.impactmonitor.streams.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import uk.nhs.impactmonitor.web.metrics.PipelineLatencyTimer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code monitor_pipeline_latency_seconds{stage="model"}}: for every indicator value the national model emits to
 * {@code impact-indicators}, the time from the Kafka timestamp of the oldest input record (notice or report) that
 * value was waiting on to the emission.
 *
 * <ul>
 *   <li>Start: the input record's timestamp, which ingest-service's producer stamps when it sends an accepted notice
 *       or report (CreateTime; the repartition topic keeps it). That is when the monitor has the fact, so the time
 *       measured is the monitor's own, not how late a practice reported.</li>
 *   <li>Oldest: the model coalesces every input that marks a day pending into one recomputation of that day, so an
 *       emitted value reflects all of them; the oldest has waited longest, and its wait is the delay a planner
 *       sees for that value.</li>
 *   <li>End: the emitted record's own timestamp (the emission's wall-clock time), which is exactly where
 *       alerts-service's stages start, so the stages add up to notice → alert → webhook with no gap or overlap.
 *       The commit interval before a read_committed consumer sees the value therefore falls in the next stage.</li>
 * </ul>
 * A day whose recomputation changes no value records nothing (nothing was emitted). Start points are held in
 * memory only: a day that was pending across a restart or a move to another instance is not measured.
 */
public final class ModelLatency {

    /** The name every service uses for its stage of the pipeline. */
    public static final String NAME = PipelineLatencyTimer.NAME;
    public static final String STAGE = "model";
    /** Key of the instance in the Kafka Streams properties, where the model's processor finds it. */
    public static final String CONFIG = "monitor.metrics.model-latency";
    public static final ModelLatency NONE = new ModelLatency(null);

    private final Timer timer;

    public ModelLatency(MeterRegistry registry) {
        this.timer = registry == null ? null : PipelineLatencyTimer.of(registry, STAGE);
    }


    /** The instance the application put into the Streams properties, or {@link #NONE} (tests, tools). */
    public static ModelLatency from(Map<String, Object> appConfigs) {
        Object configured = appConfigs.get(CONFIG);
        return configured instanceof ModelLatency latency ? latency : NONE;
    }

    /** One per processor instance: the start points belong to the task that holds the pending days. */
    public Tracker tracker() {
        return new Tracker();
    }

    /** Start points per pending day; used by the model's stream thread only. */
    public final class Tracker {

        private final Map<String, Long> oldestInput = new HashMap<>();

        private Tracker() {
        }

        /** An input with this timestamp marked the day (or the every-day key) pending. */
        public void pending(String dayKey, long inputTimestamp) {
            oldestInput.merge(dayKey, inputTimestamp, Math::min);
        }

        /** The every-day key was expanded into these days: each inherits its start point. */
        public void spread(String fromKey, Iterable<?> days) {
            Long since = oldestInput.remove(fromKey);
            if (since == null) {
                return;
            }
            for (Object day : days) {
                pending(day.toString(), since);
            }
        }

        /** The day was recomputed at {@code emittedAt} and {@code values} of its values were emitted. */
        public void recomputed(String dayKey, long emittedAt, int values) {
            Long since = oldestInput.remove(dayKey);
            if (since == null || timer == null) {
                return;
            }
            // a producer clock ahead of this host's must not make a negative duration
            long millis = Math.max(0, emittedAt - since);
            for (int i = 0; i < values; i++) {
                timer.record(millis, TimeUnit.MILLISECONDS);
            }
        }

        /** Days with a start point (for tests). */
        int tracked() {
            return oldestInput.size();
        }
    }
}
