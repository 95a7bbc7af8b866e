package uk.nhs.impactmonitor.ingest.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.KafkaException;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.kafka.KafkaUnavailableException;
import uk.nhs.impactmonitor.kafka.ReplayReader;

/**
 * Reads {@code audit-log} back for a query, from its beginning to its end at the time of asking ({@link ReplayReader}),
 * keeping only the events that match. Nothing is held between queries: the trail is kept for ever and grows with every
 * read of notices, so holding it in this service's heap would grow without bound, while a query (an admin's or a
 * region's, now and then) can afford to read the topic through. An event written twice (the same {@code eventId}, a
 * retry after a crash) is returned once.
 */
public class AuditTrail {

    private final Map<String, Object> consumerConfig;

    public AuditTrail(Map<String, Object> consumerConfig) {
        this.consumerConfig = consumerConfig;
    }

    /** The matching events, oldest first. */
    public List<AuditEvent> find(Predicate<AuditEvent> matching) {
        Map<UUID, AuditEvent> found = new LinkedHashMap<>();
        ReplayReader<String, AuditEvent> reader = new ReplayReader<>(Topics.AUDIT_LOG, consumerConfig, null, null, null,
                record -> {
                    AuditEvent event = record.value();
                    if (event != null && matching.test(event)) {
                        found.putIfAbsent(event.eventId(), event);
                    }
                });
        try {
            reader.readToEnd();
        } catch (KafkaException | IllegalStateException e) {
            throw new KafkaUnavailableException("the audit trail on " + Topics.AUDIT_LOG.name() + " could not be read", e);
        }
        List<AuditEvent> events = new ArrayList<>(found.values());
        events.sort(Comparator.comparing(AuditEvent::at).thenComparing(e -> e.eventId().toString()));
        return events;
    }
}
