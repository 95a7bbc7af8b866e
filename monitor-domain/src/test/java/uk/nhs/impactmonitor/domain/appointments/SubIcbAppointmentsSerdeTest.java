package uk.nhs.impactmonitor.domain.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.topic.Topics;

/** The {@code area-appointments} value as JSON, and the records its serde refuses (they go to the dead-letter topic). */
class SubIcbAppointmentsSerdeTest {

    static final String TOPIC = Topics.AREA_APPOINTMENTS.name();

    static SubIcbAppointments read(String json) {
        Deserializer<SubIcbAppointments> deserializer = Topics.AREA_APPOINTMENTS.valueSerde().deserializer();
        return deserializer.deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRoundTripWhenTheRecordIsSound() {
        // given: 00L on Thursday 1 August 2024, 9,500 appointments of which 4,200 with a GP
        SubIcbAppointments appointments = new SubIcbAppointments(1, "00L", LocalDate.of(2024, 8, 1), 9_500, 4_200);

        // when
        byte[] bytes = Topics.AREA_APPOINTMENTS.valueSerde().serializer().serialize(TOPIC, appointments);
        SubIcbAppointments back = Topics.AREA_APPOINTMENTS.valueSerde().deserializer().deserialize(TOPIC, bytes);

        // then
        assertThat(back).isEqualTo(appointments);
        assertThat(back.key()).isEqualTo("00L/2024-08-01");
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("{\"schemaVersion\":1,\"subIcb\":\"00L\",\"day\":\"2024-08-01\",\"all\":9500,\"gp\":4200}");
        assertThat(Topics.AREA_APPOINTMENTS.compacted()).isTrue();
    }

    @Test
    void shouldReadADayWithRowsButNoneForGpsWhenGpIsZero() {
        // when
        SubIcbAppointments read = read("{\"schemaVersion\":1,\"subIcb\":\"00L\",\"day\":\"2024-08-03\",\"all\":12,\"gp\":0}");

        // then
        assertThat(read.all()).isEqualTo(12);
        assertThat(read.gp()).isZero();
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void shouldRefuseNamingTheFieldWhenACountIsMissing() {
        assertThatThrownBy(() -> read("{\"schemaVersion\":1,\"subIcb\":\"00L\",\"day\":\"2024-08-01\",\"all\":12}"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("gp");
    }

    @Test
    void shouldRefuseWhenTheRecordBreaksItsRules() {
        assertThatThrownBy(() -> read("{\"schemaVersion\":2,\"subIcb\":\"00L\",\"day\":\"2024-08-01\",\"all\":12,\"gp\":3}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schemaVersion: expected 1 but was 2");
        assertThatThrownBy(() -> read("{\"schemaVersion\":1,\"subIcb\":\" \",\"day\":\"2024-08-01\",\"all\":12,\"gp\":3}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("subIcb: required");
        assertThatThrownBy(() -> read("{\"schemaVersion\":1,\"subIcb\":\"00L\",\"day\":null,\"all\":12,\"gp\":3}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("day");
        assertThatThrownBy(() -> read("{\"schemaVersion\":1,\"subIcb\":\"00L\",\"day\":\"2024-08-01\",\"all\":-1,\"gp\":0}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("all: must not be negative");
        assertThatThrownBy(() -> read("{\"schemaVersion\":1,\"subIcb\":\"00L\",\"day\":\"2024-08-01\",\"all\":12,\"gp\":13}"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("gp: must not exceed all");
    }
}
