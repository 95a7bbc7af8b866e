package uk.nhs.impactmonitor.alerts.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.domain.alert.AlertState;

/** {@code alerts_firing{severity, area}}: how many alerts fire now, per severity and area. */
public class AlertMetrics {

    private final MultiGauge firing;

    public AlertMetrics(MeterRegistry meters) {
        firing = MultiGauge.builder("alerts.firing").description("Alerts firing now, by severity and area").register(meters);
    }

    public void update(List<Alert> alerts) {
        Map<List<String>, Long> counts = alerts.stream().filter(a -> a.state() == AlertState.FIRING)
                .collect(Collectors.groupingBy(a -> List.of(a.severity().name(), a.area()), Collectors.counting()));
        firing.register(counts.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("severity", e.getKey().get(0), "area", e.getKey().get(1)), e.getValue()))
                .collect(Collectors.toList()), true);
    }
}
