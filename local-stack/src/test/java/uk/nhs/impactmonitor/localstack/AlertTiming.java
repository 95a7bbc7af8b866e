package uk.nhs.impactmonitor.localstack;

import java.util.List;

/** alerts-service timing knobs turned down so an end-to-end test sees a notification within a second. */
final class AlertTiming {

    static final List<String> FAST = List.of();

    private AlertTiming() {
    }
}
