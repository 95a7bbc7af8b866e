package uk.nhs.impactmonitor.alerts.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.notify.NotifyPipeline;
import uk.nhs.impactmonitor.alerts.notify.Receiver;
import uk.nhs.impactmonitor.alerts.notify.Render;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;

/**
 * When the notification pipeline runs, and for whom (Alertmanager's {@code dispatch}): on every tick, for every
 * receiver (each subscription's webhook, e-mail and Teams channel, and the forwarding Alertmanager), the
 * {@link NotifyPipeline} plans what is due from state alone (alerts, silences, log), so a restart picks up exactly
 * where the last run stopped; a message due is delivered and recorded off this thread. A receiver with a delivery
 * in flight is skipped (no second message overtakes the first), and one whose delivery failed pauses for
 * {@code delivery.max-backoff}. Dispatching reads the alerts and changes none.
 */
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final AlertEngine engine;
    private final SubscriptionStore subscriptions;
    private final SilenceStore silences;
    private final NotifyPipeline pipeline;
    private final boolean forwarding;
    private final Duration pauseAfterFailure;
    private final Clock clock;
    private final ExecutorService deliveries;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();

    /**
     * @param forwarding        whether alerts are forwarded to an Alertmanager ({@code alertmanager.url} set)
     * @param pauseAfterFailure how long a receiver whose delivery failed is left alone
     */
    public Dispatcher(AlertEngine engine, SubscriptionStore subscriptions, SilenceStore silences, NotifyPipeline pipeline, boolean forwarding,
                      Duration pauseAfterFailure, Clock clock, ExecutorService deliveries) {
        this.engine = engine;
        this.subscriptions = subscriptions;
        this.silences = silences;
        this.pipeline = pipeline;
        this.forwarding = forwarding;
        this.pauseAfterFailure = pauseAfterFailure;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    public void tick() {
        if (!engine.isReady()) {
            return;
        }
        try {
            Instant now = clock.instant();
            List<Alert> alerts = engine.alerts().stream()
                    .sorted(Comparator.comparing(Alert::area).thenComparing(Alert::rule).thenComparing(Alert::alertId)).toList();
            List<Silence> allSilences = silences.all();
            for (Receiver receiver : receivers()) {
                dispatch(receiver, alerts, allSilences, now);
            }
        } finally {
            ticks.incrementAndGet();
        }
    }

    private List<Receiver> receivers() {
        List<Receiver> receivers = new ArrayList<>();
        for (Subscription subscription : subscriptions.all()) {
            receivers.addAll(Receiver.of(subscription));
        }
        if (forwarding) {
            receivers.add(Receiver.alertmanager());
        }
        return receivers;
    }

    private void dispatch(Receiver receiver, List<Alert> alerts, List<Silence> allSilences, Instant now) {
        if (inFlight.contains(receiver.id()) || now.isBefore(notBefore.getOrDefault(receiver.id(), Instant.MIN))) {
            return;
        }
        Optional<Render.Notification> due;
        try {
            due = pipeline.plan(receiver, alerts, allSilences, now);
        } catch (RuntimeException e) {
            // one receiver's trouble (say, its log unreadable just now) must not silence the others
            log.error("Dispatch to {} failed this tick: {}", receiver.id(), e.toString(), e);
            return;
        }
        if (due.isEmpty()) {
            return;
        }
        log.debug("Sending {} item(s) to {}", due.get().records().size(), receiver.id());
        inFlight.add(receiver.id());
        try {
            deliveries.execute(() -> deliver(due.get()));
        } catch (RuntimeException e) {
            inFlight.remove(receiver.id());
            log.warn("Could not schedule delivery to {}: {}", receiver.id(), e.getMessage());
        }
    }

    private void deliver(Render.Notification notification) {
        String receiver = notification.receiver().id();
        try {
            if (pipeline.deliver(notification)) {
                notBefore.remove(receiver);
            } else {
                // nothing recorded, so the next tick after the pause plans the same message again
                notBefore.put(receiver, clock.instant().plus(pauseAfterFailure));
            }
        } catch (RuntimeException e) {
            log.error("Delivery to {} broke: {}", receiver, e.toString(), e);
            notBefore.put(receiver, clock.instant().plus(pauseAfterFailure));
        } finally {
            inFlight.remove(receiver);
        }
    }

    /**
     * Waits, at most {@code grace}, until no delivery is in flight: a stop calls it once no new delivery can be
     * planned, so what is under way is finished and recorded rather than interrupted and sent again after the restart.
     *
     * @return whether nothing is in flight any more
     */
    public boolean awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("Stopping with {} delivery(ies) in flight after {}: they may be sent again after the restart (same dedupKey)",
                        inFlight.size(), grace);
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Completed ticks: lets a caller know the dispatcher has looked at the state since a given moment. */
    public long ticks() {
        return ticks.get();
    }
}
