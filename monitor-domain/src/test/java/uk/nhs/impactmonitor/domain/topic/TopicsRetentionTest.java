package uk.nhs.impactmonitor.domain.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;

/** Retention per topic as docs/reliability.md states it ("Retention: the history is kept"). */
class TopicsRetentionTest {

    @Test
    void shouldKeepEveryNoticeEventForEverWhenPracticeNoticesIsDefined() {
        // given
        Topic<String, ?> notices = Topics.PRACTICE_NOTICES;

        // when
        Map<String, String> configs = notices.configs();

        // then
        assertThat(configs).containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1"));
    }

    @Test
    void shouldCompactEveryOtherTopicWithNoRetentionByAgeWhenDefined() {
        // given / when / then: the key is the record's identity on each of them
        for (Topic<String, ?> topic : Topics.ALL) {
            if (topic != Topics.PRACTICE_NOTICES && topic != Topics.AUDIT_LOG) {
                assertThat(topic.configs()).as(topic.name())
                        .containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "compact", "retention.ms", "-1", "retention.bytes", "-1"));
            }
        }
        assertThat(Topics.ALL).extracting(Topic::name).containsExactly("practice-notices", "practice-activity", "area-appointments",
                "practice-directory", "impact-indicators", "impact-alerts", "audit-log");
        assertThat(Topics.IMPACT_ALERTS.singlePartition()).isTrue();
    }

    @Test
    void shouldKeepEveryAuditEventForEverOnOnePartitionWhenAuditLogIsDefined() {
        // given
        Topic<String, ?> audit = Topics.AUDIT_LOG;

        // when
        Map<String, String> configs = audit.configs();

        // then
        assertThat(configs).containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1"));
        assertThat(audit.singlePartition()).isTrue();
    }

    @Test
    void shouldRoundTripAnAuditEventAndRefuseOneWithoutAnActorWhenReadFromItsTopic() {
        // given
        AuditEvent event = new AuditEvent(AuditEvent.SCHEMA_VERSION, UUID.fromString("5b2f3c1e-8f7a-4d3b-9a61-0c2d4e6f8a10"),
                Instant.parse("2024-08-05T09:00:00Z"), "ingest-service",
                new AuditEvent.Actor("QKK planners", "QKK planners", "ICB", "QKK", AuditEvent.Credential.STATIC), AuditAction.NOTICES_READ,
                "icb/QKK", "QKK", AuditEvent.Outcome.SUCCEEDED, 200, Map.of("icb", "QKK", "returned", 3));
        var serde = Topics.AUDIT_LOG.valueSerde();

        // when
        AuditEvent back = serde.deserializer().deserialize("audit-log", serde.serializer().serialize("audit-log", event));
        byte[] anonymous = "{\"schemaVersion\":1,\"eventId\":\"5b2f3c1e-8f7a-4d3b-9a61-0c2d4e6f8a10\",\"at\":\"2024-08-05T09:00:00Z\",\"service\":\"x\",\"action\":\"NOTICES_READ\",\"outcome\":\"SUCCEEDED\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // then
        assertThat(back).isEqualTo(event);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> serde.deserializer().deserialize("audit-log", anonymous))
                .hasMessageContaining("actor");
    }

    @Test
    void shouldRoundTripSubIcbAppointmentsKeyedBySubIcbAndDayWhenWrittenToItsTopic() {
        // given
        SubIcbAppointments day = new SubIcbAppointments(SubIcbAppointments.SCHEMA_VERSION, "00L", LocalDate.of(2024, 8, 1), 1200, 640);
        var serde = Topics.AREA_APPOINTMENTS.valueSerde();

        // when
        SubIcbAppointments back = serde.deserializer().deserialize("area-appointments", serde.serializer().serialize("area-appointments", day));

        // then
        assertThat(back).isEqualTo(day);
        assertThat(day.key()).isEqualTo("00L/2024-08-01");
        assertThat(new SubIcbAppointments(1, "00L", LocalDate.of(2024, 8, 1), 10, 11).problems()).containsExactly("gp: must not exceed all (11 GP appointments of 10)");
    }
}
