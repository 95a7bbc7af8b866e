package uk.nhs.impactmonitor.alerts.notify;

import java.time.Clock;
import java.time.Instant;
import uk.nhs.impactmonitor.alerts.metrics.PipelineLatency;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.nflog.NotificationRecord;

/**
 * Pipeline stage "record": a delivered message goes into the notification log, item by item, so that the dedup
 * stage knows it was sent (and a restart sends nothing twice), and its delivery is timed from the indicator record
 * that caused it. Sent "at" the time the message was planned, as Alertmanager's log counts from its pipeline run:
 * repeats count from there, not from whenever the retries ended.
 */
public class Record {

    private final NotificationLog log;
    private final PipelineLatency latency;
    private final Clock clock;

    public Record(NotificationLog log, PipelineLatency latency, Clock clock) {
        this.log = log;
        this.latency = latency;
        this.clock = clock;
    }

    public void delivered(Render.Notification notification) {
        Instant deliveredAt = clock.instant();
        String channel = notification.receiver().channel();
        for (NotificationRecord r : notification.records()) {
            latency.delivered(channel, r, deliveredAt);
        }
        for (NotificationRecord r : notification.records()) {
            log.record(new NotificationRecord(r.schemaVersion(), r.receiver(), r.item(), r.state(), r.severity(), r.startsAt(),
                    notification.plannedAt(), r.sends()));
        }
    }
}
