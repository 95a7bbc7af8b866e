package uk.nhs.impactmonitor.localstack;

import java.util.List;

/** alerts-service timing knobs turned down so an end-to-end test sees a notification within a second. */
final class AlertTiming {

    /** No group wait: the first notification goes out as soon as an alert fires (default 30 s, as Alertmanager's). */
    static final List<String> FAST = List.of("--alerts.group-wait=0s");

    private AlertTiming() {
    }
}
