package uk.nhs.impactmonitor.alerts.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import uk.nhs.impactmonitor.web.metrics.PipelineLatencyTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertTransitions;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;

/**
 * alerts-service's stages of {@code monitor_pipeline_latency_seconds{stage}}, both measured from the Kafka timestamp
 * of the {@code impact-indicators} record that caused an alert to change. impact-streams stamps that record with
 * the time it emitted the value, which is where its own stage ({@code stage="model"}) ends, so the stages add up:
 * model + alert = notice or report accepted → alert changed; model + webhook = accepted → subscriber told.
 *
 * <ul>
 *   <li>{@code stage="alert"}: indicator record → the alert's state or severity changed (the moment the engine
 *       judged it, as written to {@code impact-alerts}): Kafka's commit interval, this consumer's lag and the
 *       judgement. One sample per transition an indicator caused; acknowledgements, silences and the judgement of
 *       every series after a restart's replay have no indicator behind them and record nothing.</li>
 *   <li>{@code stage="webhook"} (and {@code "email"}, {@code "alertmanager"}: the channel): indicator record → a
 *       receiver acknowledged the notification of that transition. It includes {@code group-wait}, a deliberate
 *       pause, and the retries, since both are part of how late a subscriber hears. One sample per alert per
 *       delivered message; repeats of an unchanged alert and silence notices have no indicator behind them.</li>
 * </ul>
 * Causes are held in memory: a transition made before a restart is not measured when delivered after it.
 */
public class PipelineLatency implements AlertTransitions {

    public static final String NAME = PipelineLatencyTimer.NAME;
    public static final String ALERT = "alert";

    private final MeterRegistry registry;
    private final Timer alert;
    private final Map<String, Timer> delivered = new ConcurrentHashMap<>();
    /** Per alert id, its latest transition and the indicator record that caused it. */
    private final Map<String, Cause> causes = new ConcurrentHashMap<>();

    private record Cause(AlertState state, Severity severity, Instant indicatorAt) {
    }

    public PipelineLatency(MeterRegistry registry) {
        this.registry = registry;
        this.alert = registry == null ? null : PipelineLatencyTimer.of(registry, ALERT);
    }

    /** Records nothing (tests and tools that do not look at metrics). */
    public static PipelineLatency none() {
        return new PipelineLatency(null);
    }


    /** The engine changed the alert's state or severity at {@code at}, judging an indicator record stamped {@code indicatorAt}. */
    @Override
    public void alertChanged(Alert changed, long indicatorAt, Instant at) {
        Instant cause = Instant.ofEpochMilli(indicatorAt);
        causes.put(changed.alertId(), new Cause(changed.state(), changed.severity(), cause));
        if (alert != null) {
            alert.record(nonNegative(cause, at));
        }
    }

    /** A receiver on {@code channel} acknowledged a message holding this item at {@code at}. */
    public void delivered(String channel, NotificationRecord item, Instant at) {
        if (registry == null || item.state() == null || item.sends() != 1) {
            return;
        }
        Cause cause = causes.get(item.item());
        // only the notification of the transition the cause belongs to: not an older state still in flight
        if (cause == null || cause.state() != item.state() || cause.severity() != item.severity()) {
            return;
        }
        delivered.computeIfAbsent(channel, c -> PipelineLatencyTimer.of(registry, c)).record(nonNegative(cause.indicatorAt(), at));
    }

    private static Duration nonNegative(Instant from, Instant to) {
        // a producer's clock ahead of this host's must not make a negative duration
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
