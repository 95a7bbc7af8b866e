package uk.nhs.impactmonitor.streams.appointments;

import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;
import uk.nhs.impactmonitor.streams.model.StoreNames;

/** The real topology ({@link ModelFixture}) with an input for the appointments feed and reads of its stores. */
final class AppointmentsFixture implements AutoCloseable {

    final ModelFixture model;
    private final TestInputTopic<String, SubIcbAppointments> appointments;
    private final TestInputTopic<String, byte[]> rawAppointments;

    AppointmentsFixture(PracticeDirectory directory, LocalDate baselineFrom, LocalDate baselineTo) {
        model = new ModelFixture(directory, baselineFrom, baselineTo);
        appointments = model.driver.createInputTopic(Topics.AREA_APPOINTMENTS.name(), Serdes.String().serializer(),
                Topics.AREA_APPOINTMENTS.valueSerde().serializer());
        rawAppointments = model.driver.createInputTopic(Topics.AREA_APPOINTMENTS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    void send(String subIcb, LocalDate day, long all, long gp) {
        SubIcbAppointments counts = new SubIcbAppointments(SubIcbAppointments.SCHEMA_VERSION, subIcb, day, all, gp);
        appointments.pipeInput(counts.key(), counts);
    }

    void sendRaw(String key, String json) {
        rawAppointments.pipeInput(key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    AppointmentsFixture emit() {
        model.emit();
        return this;
    }

    /** The stored value (what the API answers), or null. */
    IndicatorValue stored(String area, LocalDate day, Indicator indicator, Metric metric) {
        return model.indicatorStore().get(IndicatorValue.key(area, day, indicator, null, metric));
    }

    KeyValueStore<String, AreaAppointments> totals() {
        return model.driver.getKeyValueStore(StoreNames.AREA_APPOINTMENT_TOTALS);
    }

    LocalDate horizon() {
        KeyValueStore<String, String> horizon = model.driver.getKeyValueStore(StoreNames.MODEL_HORIZON);
        String day = horizon.get(StoreNames.APPOINTMENTS_HORIZON);
        return day == null ? null : LocalDate.parse(day);
    }

    List<AreaAppointments> series(String area, LocalDate from, LocalDate to) {
        return AppointmentsController.series(totals(), area, from, to, horizon());
    }

    @Override
    public void close() {
        model.close();
    }
}
