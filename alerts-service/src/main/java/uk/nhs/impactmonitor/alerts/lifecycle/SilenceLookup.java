package uk.nhs.impactmonitor.alerts.lifecycle;

import java.time.Instant;

/**
 * Until when silences hold an alert, as the engine records it on the alert ({@code silencedUntil}) for readers of
 * {@code impact-alerts}. The silence package answers it; the lifecycle only records the answer and never mutes.
 */
@FunctionalInterface
public interface SilenceLookup {

    /** @return the end of the latest silence holding the alert at {@code now}, or {@code null} */
    Instant silencedUntil(Alert alert, Instant now);
}
