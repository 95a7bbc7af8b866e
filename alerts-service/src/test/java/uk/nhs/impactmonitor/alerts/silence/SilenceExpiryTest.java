package uk.nhs.impactmonitor.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Silences running out are handed on once each, and whatever ended while the service was down at the first run. */
class SilenceExpiryTest {

    private static final Instant T0 = Instant.parse("2024-08-02T09:00:00Z");

    private static Silence silence(String id, Instant until) {
        return new Silence(Silence.SCHEMA_VERSION, id, new Silence.Matchers(null, "QKK", null), T0.minus(Duration.ofHours(1)), until,
                "duty manager", null, T0.minus(Duration.ofHours(1)), null);
    }

    /** The store without Kafka: the silences a test gives it. */
    private static SilenceStore store(List<Silence> silences) {
        return new SilenceStore(null) {
            @Override
            public List<Silence> all() {
                return silences;
            }
        };
    }

    @Test
    void shouldHandOnEachSilenceOnceWhenItsEndPassesAndEverythingEndedBeforeTheFirstRun() {
        // given: one silence ended before the start, one ends at T0 + 10 min, one at T0 + 1 h
        Silence before = silence("before", T0.minus(Duration.ofMinutes(5)));
        Silence soon = silence("soon", T0.plus(Duration.ofMinutes(10)));
        Silence later = silence("later", T0.plus(Duration.ofHours(1)));
        AtomicReference<Instant> now = new AtomicReference<>(T0);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        List<List<String>> handedOn = new ArrayList<>();
        SilenceExpiry expiry = new SilenceExpiry(store(List.of(before, soon, later)), clock,
                ended -> handedOn.add(ended.stream().map(Silence::silenceId).toList()));

        // when
        expiry.run();
        now.set(T0.plus(Duration.ofMinutes(5)));
        expiry.run();
        now.set(T0.plus(Duration.ofMinutes(10)));
        expiry.run();
        expiry.run();

        // then: the one ended before the start at the first run, "soon" once at its end, "later" not yet
        assertThat(handedOn).containsExactly(List.of("before"), List.of("soon"));
    }
}
