package uk.nhs.impactmonitor.domain.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;

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
            if (topic != Topics.PRACTICE_NOTICES) {
                assertThat(topic.configs()).as(topic.name())
                        .containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "compact", "retention.ms", "-1", "retention.bytes", "-1"));
            }
        }
        assertThat(Topics.ALL).extracting(Topic::name).containsExactly("practice-notices", "practice-activity", "area-appointments",
                "practice-directory", "impact-indicators", "impact-alerts");
        assertThat(Topics.IMPACT_ALERTS.singlePartition()).isTrue();
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
