package uk.nhs.impactmonitor.alerts.silence;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Notices silences running out (an ended silence is ended once its {@code until} has passed, whoever ended it) and
 * hands them on, so that the alerts they held stop saying they are silenced. Run by the runtime beside the
 * dispatcher, never by it: dispatching changes no alert. Whatever ended before the first run (while the service was
 * down) counts at the first run.
 */
public class SilenceExpiry {

    private final SilenceStore silences;
    private final Clock clock;
    private final Consumer<List<Silence>> onEnded;
    private Instant checkedUpTo = Instant.MIN;

    /** @param onEnded told of the silences that ended since the last run (at least once, at the first run) */
    public SilenceExpiry(SilenceStore silences, Clock clock, Consumer<List<Silence>> onEnded) {
        this.silences = silences;
        this.clock = clock;
        this.onEnded = onEnded;
    }

    public synchronized void run() {
        Instant now = clock.instant();
        boolean first = checkedUpTo.equals(Instant.MIN);
        List<Silence> ended = silences.endedBetween(checkedUpTo, now);
        if (first || !ended.isEmpty()) {
            onEnded.accept(ended);
        }
        checkedUpTo = now.isAfter(checkedUpTo) ? now : checkedUpTo;
    }
}
