package uk.nhs.impactmonitor.localstack;

import java.util.List;

/** alerts-service timing knobs turned down so an end-to-end test sees a notification within a second. */
final class AlertTiming {

    /** How often an unacknowledged firing alert is sent again (default 4 h). */
    static final java.time.Duration REPEAT_INTERVAL = java.time.Duration.ofSeconds(2);

    /** No group wait: the first notification goes out as soon as an alert fires (default 30 s, as Alertmanager's). */
    static final List<String> FAST = List.of("--monitor.alerts.group-wait=0s", "--monitor.alerts.tick-interval=50ms",
            "--monitor.alerts.repeat-interval=" + REPEAT_INTERVAL.toSeconds() + "s");

    private AlertTiming() {
    }
}
