package uk.nhs.impactmonitor.web.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code monitor_pipeline_latency_seconds{stage}}: the one histogram impact-streams (stage {@code model}) and
 * alerts-service (stages {@code alert}, {@code webhook}, {@code email}, {@code alertmanager}) publish, so the
 * dashboard's quantiles compare like with like.
 */
public final class PipelineLatencyTimer {

    public static final String NAME = "monitor.pipeline.latency";

    private PipelineLatencyTimer() {
    }

    /**
     * One stage's timer: percentile buckets (so {@code histogram_quantile} works in Prometheus) from 5 ms to 10
     * minutes, which covers a 200 ms emission and a webhook's group wait and retries.
     */
    public static Timer of(MeterRegistry registry, String stage) {
        return Timer.builder(NAME)
                .description("End-to-end pipeline latency by stage, from the ingest timestamp of the input")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }
}
