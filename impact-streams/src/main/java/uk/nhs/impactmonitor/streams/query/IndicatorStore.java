package uk.nhs.impactmonitor.streams.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/**
 * Reads of the {@code indicator-values} and {@code model-horizon} stores, as the API asks them. Keys are
 * {@code area/day/indicator[/action][/metric]}, so an area's day is one prefix scan.
 */
public final class IndicatorStore {

    private static final Comparator<IndicatorValue> ORDER = Comparator.comparing(IndicatorValue::day)
            .thenComparing(v -> v.indicator().ordinal())
            .thenComparing(v -> v.action() == null ? -1 : v.action().ordinal())
            .thenComparing(v -> v.metric() == null ? -1 : v.metric().ordinal());

    private final ReadOnlyKeyValueStore<String, IndicatorValue> values;
    private final ReadOnlyKeyValueStore<String, String> horizon;

    public IndicatorStore(ReadOnlyKeyValueStore<String, IndicatorValue> values, ReadOnlyKeyValueStore<String, String> horizon) {
        this.values = values;
        this.horizon = horizon;
    }

    /** H of indicators.md: the latest activity day of any report, if there is a report. */
    public Optional<LocalDate> horizon() {
        return Optional.ofNullable(horizon.get(StoreNames.HORIZON)).map(LocalDate::parse);
    }

    /** H_a of indicators.md: the appointments feed's latest day, if it has data. */
    public Optional<LocalDate> appointmentsHorizon() {
        return Optional.ofNullable(horizon.get(StoreNames.APPOINTMENTS_HORIZON)).map(LocalDate::parse);
    }

    /** The latest day with values (participation may run past H), if any. */
    public Optional<LocalDate> latestDay() {
        return Optional.ofNullable(horizon.get(StoreNames.LATEST)).map(LocalDate::parse);
    }

    public Optional<LocalDate> earliestDay() {
        return Optional.ofNullable(horizon.get(StoreNames.EARLIEST)).map(LocalDate::parse);
    }

    /** Every indicator of an area on a day, in a stable order (indicator, action, metric). */
    public List<IndicatorValue> indicatorsOf(String area, LocalDate day) {
        List<IndicatorValue> found = new ArrayList<>();
        try (KeyValueIterator<String, IndicatorValue> it = values.prefixScan(area + "/" + day + "/", new StringSerializer())) {
            it.forEachRemaining(entry -> found.add(entry.value));
        }
        found.sort(ORDER);
        return found;
    }

    /** One indicator of an area per day from..to, optionally only one action and/or metric. */
    public List<IndicatorValue> series(String area, Indicator indicator, CollectiveAction action, Metric metric, LocalDate from,
                                       LocalDate to) {
        List<IndicatorValue> found = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Indicator.Labels labels = indicator.labels();
            // one key when every label the indicator has is given; otherwise a scan of the day's values of it
            if ((!labels.hasAction() || action != null) && (!labels.hasMetric() || metric != null)) {
                IndicatorValue value = values.get(IndicatorValue.key(area, day, indicator,
                        labels.hasAction() ? action : null, labels.hasMetric() ? metric : null));
                if (value != null) {
                    found.add(value);
                }
                continue;
            }
            try (KeyValueIterator<String, IndicatorValue> it = values.prefixScan(area + "/" + day + "/" + indicator.id() + "/",
                    new StringSerializer())) {
                it.forEachRemaining(entry -> {
                    IndicatorValue value = entry.value;
                    if (value.indicator() == indicator && (action == null || action == value.action())
                            && (metric == null || metric == value.metric())) {
                        found.add(value);
                    }
                });
            }
        }
        found.sort(ORDER);
        return found;
    }
}
