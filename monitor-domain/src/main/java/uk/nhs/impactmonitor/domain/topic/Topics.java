package uk.nhs.impactmonitor.domain.topic;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.directory.DirectoryEntry;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;

/** The topics between the services ({@code api.md}, "Kafka topics"): names, keys and values. */
public final class Topics {

    /**
     * Key: practice code. Every change to a notice, so downstream sees its full history; kept for ever, since a
     * notice can be corrected or withdrawn at any time and its id must never be taken for a new one.
     */
    public static final Topic<String, NoticeEvent> PRACTICE_NOTICES =
            new Topic<>("practice-notices", Serdes.String(), new JsonSerde<>(NoticeEvent.class, NoticeEvent::problems), Topic.Retention.KEEP_ALL);

    /** Key: {@code practiceCode/day}. A later report for the same key replaces the earlier one: compacted. */
    public static final Topic<String, DailyReport> PRACTICE_ACTIVITY =
            new Topic<>("practice-activity", Serdes.String(), new JsonSerde<>(DailyReport.class, DailyReport::problems), Topic.Retention.COMPACT);

    /**
     * Key: {@code subIcb/day}; compacted: the key is the record's identity, and a sub-ICB-day sent again
     * replaces what was held (indicators.md, "The GP appointments feed").
     */
    public static final Topic<String, SubIcbAppointments> AREA_APPOINTMENTS =
            new Topic<>("area-appointments", Serdes.String(), new JsonSerde<>(SubIcbAppointments.class, SubIcbAppointments::problems),
                    Topic.Retention.COMPACT);

    /** Key: practice code; compacted: the latest entry per practice is the directory. */
    public static final Topic<String, DirectoryEntry> PRACTICE_DIRECTORY =
            new Topic<>("practice-directory", Serdes.String(), new JsonSerde<>(DirectoryEntry.class), Topic.Retention.COMPACT);

    /** Key: {@code area/day/indicator[/action][/metric]}; a value is corrected in place, so the latest per key is the value: compacted. */
    public static final Topic<String, IndicatorValue> IMPACT_INDICATORS =
            new Topic<>("impact-indicators", Serdes.String(), new JsonSerde<>(IndicatorValue.class), Topic.Retention.COMPACT);

    /** Key: alert id; the latest record per id is the alert. One partition: alerts-service, its only writer, reads it whole. */
    public static final Topic<String, AlertStateChange> IMPACT_ALERTS =
            new Topic<>("impact-alerts", Serdes.String(), new JsonSerde<>(AlertStateChange.class), Topic.Retention.COMPACT, true);

    /**
     * Key: event id. The audit trail (issue 18): every event kept for ever, like the notices, since "who did what"
     * must still be answerable years on. One partition: written by all three services, read whole in the order written.
     */
    public static final Topic<String, AuditEvent> AUDIT_LOG =
            new Topic<>("audit-log", Serdes.String(), new JsonSerde<>(AuditEvent.class, AuditEvent::problems), Topic.Retention.KEEP_ALL, true);

    public static final List<Topic<String, ?>> ALL =
            List.of(PRACTICE_NOTICES, PRACTICE_ACTIVITY, AREA_APPOINTMENTS, PRACTICE_DIRECTORY, IMPACT_INDICATORS, IMPACT_ALERTS, AUDIT_LOG);

    private Topics() {
    }
}
