package uk.nhs.impactmonitor.streams.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * Prometheus gauges of each indicator series {@code {area,indicator,action,metric}} on the latest day it has a value
 * for: {@code impact_indicator_value} (NaN while absent), its 95% interval {@code impact_indicator_low} and
 * {@code impact_indicator_high} (NaN where indicators.md gives none or the value is absent) and
 * {@code impact_indicator_provisional} (1 while the day is provisional, else 0). Separate names rather than a
 * {@code bound} label, so {@code impact_indicator_value} keeps its series and a query for the value never has to
 * filter the bounds out. Labels an indicator does not have are {@code none}, since every series of one metric name
 * carries the same label names.
 */
public final class IndicatorGauges {

    public static final String NAME = "impact.indicator.value";
    public static final String LOW = "impact.indicator.low";
    public static final String HIGH = "impact.indicator.high";
    public static final String PROVISIONAL = "impact.indicator.provisional";
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
            gauge(NAME, "Indicator value on the latest day with data (indicators.md)", value, ref, IndicatorValue::value);
            gauge(LOW, "Low end of the indicator's 95% interval on the latest day with data (NaN where none)", value, ref,
                    IndicatorValue::low);
            gauge(HIGH, "High end of the indicator's 95% interval on the latest day with data (NaN where none)", value, ref,
                    IndicatorValue::high);
            gauge(PROVISIONAL, "1 while the latest day's value is provisional (reports still arriving), else 0", value, ref,
                    v -> v.provisional() ? 1.0 : 0.0);
            return ref;
        });
        current.accumulateAndGet(value, (old, now) -> old == null || !now.day().isBefore(old.day()) ? now : old);
    }

    private void gauge(String name, String description, IndicatorValue value, AtomicReference<IndicatorValue> ref,
                       Function<IndicatorValue, Double> reading) {
        Gauge.builder(name, ref, r -> {
                    IndicatorValue now = r.get();
                    Double number = now == null ? null : reading.apply(now);
                    return number == null ? Double.NaN : number;
                })
                .description(description)
                .tag("area", value.area())
                .tag("indicator", value.indicator().id())
                .tag("action", value.action() == null ? NONE : value.action().name())
                .tag("metric", value.metric() == null ? NONE : value.metric().id())
                .register(registry);
    }
}
