package uk.nhs.impactmonitor.web.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code monitor.audit.*}: the audit trail each service writes to {@code audit-log}.
 *
 * @param enabled       write the audit trail; default true (off only for tests of the HTTP contract without a broker)
 * @param sendTimeout   the longest the audit writer waits for Kafka (metadata, acknowledgement) per event before it
 *                      counts the event as lost; default 30s. Requests never wait for it: events are written on the
 *                      audit writer's own thread
 * @param queueCapacity events waiting for the writer at most; default 10000. Beyond it (Kafka away for long under
 *                      load) an event is counted as lost rather than holding memory or a request
 */
@ConfigurationProperties("monitor.audit")
public record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration sendTimeout,
                              @DefaultValue("10000") int queueCapacity) {

    public AuditProperties {
        if (sendTimeout != null && sendTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("monitor.audit.send-timeout must be at least 100ms, was " + sendTimeout);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("monitor.audit.queue-capacity must be at least 1, was " + queueCapacity);
        }
    }
}
