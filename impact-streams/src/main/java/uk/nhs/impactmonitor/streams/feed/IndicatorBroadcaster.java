package uk.nhs.impactmonitor.streams.feed;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * The open {@code /api/v1/stream} connections per area, and sending each changed value to those of its area.
 * Ends every stream first when the service stops, so a graceful shutdown does not wait for clients that never hang up.
 */
public final class IndicatorBroadcaster implements SmartLifecycle {

    private final Duration timeout;
    private final Map<String, Set<SseEmitter>> byArea = new ConcurrentHashMap<>();

    public IndicatorBroadcaster(Duration timeout) {
        this.timeout = timeout;
    }

    public SseEmitter subscribe(String area) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Set<SseEmitter> emitters = byArea.computeIfAbsent(area, a -> new CopyOnWriteArraySet<>());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        try {
            // sends the headers at once, so a client knows it is subscribed before the first value
            emitter.send(SseEmitter.event().comment("indicators of " + area));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
    }

    public void publish(IndicatorValue value) {
        Set<SseEmitter> emitters = byArea.get(value.area());
        if (emitters == null) {
            return;
        }
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("indicator").id(value.key()).data(value, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        byArea.values().forEach(emitters -> {
            emitters.forEach(SseEmitter::complete);
            emitters.clear();
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown (a lower phase) starts waiting for open requests. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    public int subscribers() {
        return byArea.values().stream().mapToInt(Set::size).sum();
    }
}
