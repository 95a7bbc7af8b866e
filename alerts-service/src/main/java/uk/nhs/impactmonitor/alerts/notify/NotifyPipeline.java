package uk.nhs.impactmonitor.alerts.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.silence.Silence;

/**
 * The notification pipeline, after Alertmanager's {@code notify} package, stage by stage and in this order (the
 * alerts come judged by the engine, {@code lifecycle.AlertLifecycle}):
 * <ol>
 * <li>{@link Route}: the alerts and silence notices of the receiver's area;</li>
 * <li>{@link Mute}: silences, acknowledgements and escalation, decided there and nowhere else;</li>
 * <li>{@link Dedup}: what is news against the notification log, and whether it has waited {@code group-wait};</li>
 * <li>{@link Render}: one message (at most {@value #MAX_ALERTS_PER_MESSAGE} items; the rest go next time);</li>
 * <li>{@link Deliverer}: through the receiver's channel, with retries and backoff;</li>
 * <li>{@link Record}: what was delivered goes into the notification log.</li>
 * </ol>
 * Planning ({@link #plan}) reads state and changes none; {@link #deliver} blocks through the retries, so the
 * dispatcher calls it off its own thread. Nothing here changes an alert.
 */
public class NotifyPipeline {

    static final int MAX_ALERTS_PER_MESSAGE = 100;

    private final Route route;
    private final Mute mute;
    private final Dedup dedup;
    private final Render render;
    private final Deliverer deliverer;
    private final Record record;

    public NotifyPipeline(Route route, Mute mute, Dedup dedup, Render render, Deliverer deliverer, Record record) {
        this.route = route;
        this.mute = mute;
        this.dedup = dedup;
        this.render = render;
        this.deliverer = deliverer;
        this.record = record;
    }

    /**
     * Route → mute → dedup → render for one receiver.
     *
     * @param alerts   every alert, in the order messages list them
     * @param silences every silence, oldest first
     * @return the message due now, or empty when nothing due is ready (everything waits for its group wait)
     */
    public Optional<Render.Notification> plan(Receiver receiver, List<Alert> alerts, List<Silence> silences, Instant now) {
        List<Render.Item> items = new ArrayList<>();
        for (Alert alert : route.alerts(receiver, alerts)) {
            Mute.Verdict verdict = mute.verdict(receiver, alert, now);
            dedup.alert(receiver, alert, verdict, now).ifPresent(due -> items.add(render.alert(receiver, due)));
        }
        for (Silence silence : route.silences(receiver, silences)) {
            for (Dedup.Notice notice : dedup.silence(receiver, silence, now)) {
                items.add(render.silence(receiver, notice));
            }
        }
        if (items.stream().noneMatch(Render.Item::ready)) {
            return Optional.empty();
        }
        List<Render.Item> sent = items.size() > MAX_ALERTS_PER_MESSAGE ? items.subList(0, MAX_ALERTS_PER_MESSAGE) : items;
        return Optional.of(render.message(receiver, List.copyOf(sent), items.size() - sent.size(), now));
    }

    /**
     * Deliver with retries → record.
     *
     * @return whether the message got through (and is recorded); when not, nothing is recorded, so the same message is
     *         planned again
     */
    public boolean deliver(Render.Notification notification) {
        if (!deliverer.deliver(notification.receiver(), notification.message())) {
            return false;
        }
        record.delivered(notification);
        return true;
    }
}
