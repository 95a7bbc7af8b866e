package uk.nhs.impactmonitor.streams.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Prometheus gauges {@code impact_indicator_value{area,indicator,action,metric}}: each indicator's value on the
 * latest day it has one (NaN while absent). Labels an indicator does not have are {@code none}, since every
 * series of one metric name carries the same label names.
 */
public final class IndicatorGauges {

    public static final String NAME = "impact.indicator.value";
    public static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<IndicatorValue>> latest = new ConcurrentHashMap<>();

    public IndicatorGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(IndicatorValue value) {
        String series = value.area() + "|" + value.indicator().id() + "|" + value.action() + "|" + value.metric();
        AtomicReference<IndicatorValue> current = latest.computeIfAbsent(series, s -> {
            AtomicReference<IndicatorValue> ref = new AtomicReference<>();
            Gauge.builder(NAME, ref, r -> r.get() == null || r.get().value() == null ? Double.NaN : r.get().value())
                    .description("Indicator value on the latest day with data (indicators.md)")
                    .tag("area", value.area())
                    .tag("indicator", value.indicator().id())
                    .tag("action", value.action() == null ? NONE : value.action().name())
                    .tag("metric", value.metric() == null ? NONE : value.metric().id())
                    .register(registry);
            return ref;
        });
        current.accumulateAndGet(value, (old, now) -> old == null || !now.day().isBefore(old.day()) ? now : old);
    }
}
