package uk.nhs.impactmonitor.domain.topic;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.directory.DirectoryEntry;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;

/** The topics between the services ({@code api.md}, "Kafka topics"): names, keys and values. */
public final class Topics {

    /** Key: practice code. Every change to a notice, so downstream sees its full history. */
    public static final Topic<String, NoticeEvent> PRACTICE_NOTICES =
            new Topic<>("practice-notices", Serdes.String(), new JsonSerde<>(NoticeEvent.class, NoticeEvent::problems), false);

    /** Key: {@code practiceCode/day}. A later report for the same key replaces the earlier one. */
    public static final Topic<String, DailyReport> PRACTICE_ACTIVITY =
            new Topic<>("practice-activity", Serdes.String(), new JsonSerde<>(DailyReport.class, DailyReport::problems), false);

    /** Key: practice code; compacted: the latest entry per practice is the directory. */
    public static final Topic<String, DirectoryEntry> PRACTICE_DIRECTORY =
            new Topic<>("practice-directory", Serdes.String(), new JsonSerde<>(DirectoryEntry.class), true);

    /**
     * Key: {@code subIcb/day}; compacted: the key is the record's identity, and a sub-ICB-day sent again
     * replaces what was held (indicators.md, "The GP appointments feed").
     */
    public static final Topic<String, SubIcbAppointments> AREA_APPOINTMENTS =
            new Topic<>("area-appointments", Serdes.String(), new JsonSerde<>(SubIcbAppointments.class, SubIcbAppointments::problems), true);

    /** Key: {@code area/day/indicator[/action][/metric]}. */
    public static final Topic<String, IndicatorValue> IMPACT_INDICATORS =
            new Topic<>("impact-indicators", Serdes.String(), new JsonSerde<>(IndicatorValue.class), false);

    /** Key: alert id; the latest record per id is the alert. */
    public static final Topic<String, AlertStateChange> IMPACT_ALERTS =
            new Topic<>("impact-alerts", Serdes.String(), new JsonSerde<>(AlertStateChange.class), true);

    public static final List<Topic<String, ?>> ALL =
            List.of(PRACTICE_NOTICES, PRACTICE_ACTIVITY, PRACTICE_DIRECTORY, IMPACT_INDICATORS, IMPACT_ALERTS);

    private Topics() {
    }
}
