package uk.nhs.impactmonitor.domain.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.DirectoryEntry;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;

class JsonSerdeTest {

    static final Instant NOW = Instant.parse("2024-08-01T09:30:00Z");
    static final LocalDate DAY = LocalDate.of(2024, 8, 1);

    static <T> T roundTrip(Topic<String, T> topic, T value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    }

    static String json(Topic<String, ?> topic, Object value) {
        @SuppressWarnings("unchecked")
        Topic<String, Object> t = (Topic<String, Object>) topic;
        return new String(t.valueSerde().serializer().serialize(topic.name(), value), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRoundTripNoticeEvent() {
        // given
        NoticeEvent event = new NoticeEvent(1, NoticeEventType.CORRECTED, "n-1", "A81001", CollectiveAction.STOP_ADVICE_AND_GUIDANCE,
                DAY, DAY.plusDays(30), "lmc@example.org", "from the LMC", NOW);
        // when
        NoticeEvent back = roundTrip(Topics.PRACTICE_NOTICES, event);
        // then
        assertThat(back).isEqualTo(event);
        assertThat(json(Topics.PRACTICE_NOTICES, event))
                .contains("\"schemaVersion\":1", "\"action\":\"STOP_ADVICE_AND_GUIDANCE\"", "\"effectiveFrom\":\"2024-08-01\"",
                        "\"occurredAt\":\"2024-08-01T09:30:00Z\"", "\"type\":\"CORRECTED\"");
    }

    @Test
    void shouldRoundTripNoticeEventWithoutEndDate() {
        NoticeEvent event = new NoticeEvent(1, NoticeEventType.DECLARED, "n-2", "A81001", CollectiveAction.CAP_DAILY_CONTACTS,
                DAY, null, "practice", null, NOW);
        assertThat(roundTrip(Topics.PRACTICE_NOTICES, event)).isEqualTo(event);
    }

    @Test
    void shouldRoundTripDailyReport() {
        DailyReport report = new DailyReport(1, "A81001", DAY, 40, 900, 3, 12, 20, 35, 150, NOW);
        DailyReport back = roundTrip(Topics.PRACTICE_ACTIVITY, report);
        assertThat(back).isEqualTo(report);
        assertThat(back.key()).isEqualTo("A81001/2024-08-01");
        assertThat(back.count(Metric.AG_REQUESTS)).isEqualTo(20);
        assertThat(json(Topics.PRACTICE_ACTIVITY, report)).contains("\"agRequests\":20", "\"day\":\"2024-08-01\"");
    }

    @Test
    void shouldRoundTripIndicatorValueKeepingAbsentValueAsNull() {
        IndicatorValue absent = new IndicatorValue(1, Indicator.ATTRIBUTABLE_CHANGE, CollectiveAction.STOP_ADVICE_AND_GUIDANCE,
                Metric.AG_REQUESTS, "QE1", DAY, null, null, null, false, 197, 1379, NOW);
        IndicatorValue back = roundTrip(Topics.IMPACT_INDICATORS, absent);
        assertThat(back).isEqualTo(absent);
        assertThat(json(Topics.IMPACT_INDICATORS, absent))
                .contains("\"value\":null", "\"indicator\":\"attributable_change\"", "\"metric\":\"ag_requests\"");
        assertThat(back.key()).isEqualTo("QE1/2024-08-01/attributable_change/STOP_ADVICE_AND_GUIDANCE/ag_requests");
    }

    @Test
    void shouldLeaveOutLabelsAnIndicatorDoesNotHave() {
        IndicatorValue value = new IndicatorValue(1, Indicator.AG_DROPOFF, null, null, "ENG", DAY, 0.0952, -0.0292, 0.2197, true, 2, 14, NOW);
        assertThat(json(Topics.IMPACT_INDICATORS, value)).doesNotContain("action", "metric");
        assertThat(roundTrip(Topics.IMPACT_INDICATORS, value)).isEqualTo(value);
        assertThat(value.key()).isEqualTo("ENG/2024-08-01/ag_dropoff");
    }

    @Test
    void shouldWriteTheIntervalAndProvisionalFlagOfAValue() {
        IndicatorValue value = new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.AG_DROPOFF, null, null, "ENG", DAY, 0.0952,
                -0.0292, 0.2197, true, 2, 14, NOW);
        assertThat(json(Topics.IMPACT_INDICATORS, value))
                .contains("\"schemaVersion\":2", "\"low\":-0.0292", "\"high\":0.2197", "\"provisional\":true");
    }

    @Test
    void shouldReadAVersionOneValueAsWithoutIntervalAndNotProvisional() {
        String v1 = "{\"schemaVersion\":1,\"indicator\":\"ag_dropoff\",\"area\":\"ENG\",\"day\":\"2024-08-01\",\"value\":0.1,"
                + "\"practices\":2,\"practiceDays\":14,\"updatedAt\":\"2024-08-02T09:00:00Z\"}";
        IndicatorValue back = Topics.IMPACT_INDICATORS.valueSerde().deserializer()
                .deserialize("impact-indicators", v1.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(back.value()).isEqualTo(0.1);
        assertThat(back.low()).isNull();
        assertThat(back.high()).isNull();
        assertThat(back.provisional()).isFalse();
    }

    @Test
    void shouldRoundTripAlertStateChange() {
        AlertStateChange change = new AlertStateChange(1, "a-1", "participation-warning", Indicator.PARTICIPATION_RATE,
                CollectiveAction.CAP_DAILY_CONTACTS, null, "QE1", Severity.WARNING, AlertState.FIRING, 0.52, 0.5, NOW, DAY,
                null, null, NOW);
        assertThat(roundTrip(Topics.IMPACT_ALERTS, change)).isEqualTo(change);
    }

    @Test
    void shouldRoundTripDirectoryEntry() {
        DirectoryEntry entry = new DirectoryEntry(1, "A81001", "THE DENSHAM SURGERY", "U89141", "16C", "QHM", "Y63", 3753, true);
        assertThat(roundTrip(Topics.PRACTICE_DIRECTORY, entry)).isEqualTo(entry);
    }

    @Test
    void shouldRoundTripKeys() {
        for (Topic<String, ?> topic : Topics.ALL) {
            byte[] bytes = topic.keySerde().serializer().serialize(topic.name(), "A81001/2024-08-01");
            assertThat(topic.keySerde().deserializer().deserialize(topic.name(), bytes)).isEqualTo("A81001/2024-08-01");
        }
    }

    @Test
    void shouldRefuseBrokenJson() {
        byte[] bytes = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.PRACTICE_ACTIVITY.valueSerde().deserializer().deserialize("practice-activity", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a readable DailyReport");
    }

    @Test
    void shouldRefuseAReportWithAMissingCountRatherThanReadItAsZero() {
        byte[] bytes = """
                {"schemaVersion":1,"practiceCode":"A81001","day":"2024-08-01","clinicianSessions":4,"patientContacts":90,
                 "cappedSessions":0,"urgentCareDiversions":1,"referrals":3,"onlineRequests":10}""".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.PRACTICE_ACTIVITY.valueSerde().deserializer().deserialize("practice-activity", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("agRequests");
    }

    @Test
    void shouldRefuseAReportThatBreaksTheRulesNamingTheField() {
        DailyReport bad = new DailyReport(1, "A81001", DAY, 2, 30, 3, -1, 0, 0, 0, NOW);
        byte[] bytes = Topics.PRACTICE_ACTIVITY.valueSerde().serializer().serialize("practice-activity", bad);
        assertThatThrownBy(() -> Topics.PRACTICE_ACTIVITY.valueSerde().deserializer().deserialize("practice-activity", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("urgentCareDiversions: must not be negative")
                .hasMessageContaining("cappedSessions: must not exceed clinicianSessions");
    }

    @Test
    void shouldRefuseANoticeWithoutSchemaVersionOrWithDatesReversed() {
        byte[] bytes = """
                {"type":"DECLARED","noticeId":"n","practiceCode":"A81001","action":"DEFER_PILOTS",
                 "effectiveFrom":"2024-08-10","effectiveTo":"2024-08-01","submittedBy":"x","occurredAt":"2024-08-01T00:00:00Z"}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Topics.PRACTICE_NOTICES.valueSerde().deserializer().deserialize("practice-notices", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schemaVersion");
    }

    @Test
    void shouldNameTheDeadLetterTopic() {
        assertThat(Topics.PRACTICE_ACTIVITY.deadLetterTopic()).isEqualTo("practice-activity.dlq");
    }
}
