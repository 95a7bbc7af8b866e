package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.model.ModelInput;

class CompactSerdeTest {

    private static final String TOPIC = "impact-streams-national-model-input-repartition";
    private static final DailyReport REPORT = new DailyReport(DailyReport.SCHEMA_VERSION, "A81001", LocalDate.parse("2024-08-07"),
            10, 240, 3, 7, 12, 9, 31, Instant.parse("2024-08-07T17:30:00.123456789Z"));

    @Test
    void shouldWriteAReportCompactlyAndReadItBackEqual() {
        byte[] bytes = ImpactTopology.REPORT_STORE_SERDE.serializer().serialize(TOPIC, REPORT);

        assertThat(bytes[0]).isEqualTo(CompactReports.REPORT);
        assertThat(bytes.length).isLessThan(Topics.PRACTICE_ACTIVITY.valueSerde().serializer().serialize(TOPIC, REPORT).length / 3);
        assertThat(ImpactTopology.REPORT_STORE_SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(REPORT);
    }

    @Test
    void shouldKeepAReportWithoutReceivedAt() {
        DailyReport report = new DailyReport(1, "A81001", LocalDate.parse("2024-08-07"), 0, 0, 0, 0, 0, 0, 0, null);

        assertThat(roundTrip(ImpactTopology.REPORT_STORE_SERDE, report)).isEqualTo(report);
    }

    @Test
    void shouldStillReadReportsWrittenAsJsonBefore() {
        byte[] json = Topics.PRACTICE_ACTIVITY.valueSerde().serializer().serialize(TOPIC, REPORT);

        assertThat(ImpactTopology.REPORT_STORE_SERDE.deserializer().deserialize(TOPIC, json)).isEqualTo(REPORT);
        assertThat(ImpactTopology.MODEL_INPUT_SERDE.deserializer().deserialize(TOPIC,
                ("{\"report\":" + new String(json, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ModelInput.of(REPORT));
    }

    @Test
    void shouldCarryReportsCompactAndNoticesAsJsonOnTheRepartitionTopic() {
        ModelInput report = ModelInput.of(REPORT);
        ModelInput notice = ModelInput.of(ModelFixture.notice(NoticeEventType.DECLARED, "n1", "A81001",
                CollectiveAction.STOP_ADVICE_AND_GUIDANCE, LocalDate.parse("2024-08-01"), null));

        byte[] noticeBytes = ImpactTopology.MODEL_INPUT_SERDE.serializer().serialize(TOPIC, notice);

        assertThat(ImpactTopology.MODEL_INPUT_SERDE.serializer().serialize(TOPIC, report)[0]).isEqualTo(CompactReports.REPORT);
        assertThat((char) noticeBytes[0]).isEqualTo('{');
        assertThat(roundTrip(ImpactTopology.MODEL_INPUT_SERDE, report)).isEqualTo(report);
        assertThat(roundTrip(ImpactTopology.MODEL_INPUT_SERDE, notice)).isEqualTo(notice);
    }

    @Test
    void shouldRefuseACompactReportThatBreaksTheRulesNamingTheField() {
        DailyReport negative = new DailyReport(1, "A81001", LocalDate.parse("2024-08-07"), 10, 240, 3, -7, 12, 9, 31, null);
        byte[] bytes = ImpactTopology.REPORT_STORE_SERDE.serializer().serialize(TOPIC, negative);

        assertThatThrownBy(() -> ImpactTopology.REPORT_STORE_SERDE.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("urgentCareDiversions: must not be negative");
    }

    @Test
    void shouldRefuseACompactReportCutShortOrWithBytesLeftOver() {
        byte[] bytes = ImpactTopology.REPORT_STORE_SERDE.serializer().serialize(TOPIC, REPORT);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> ImpactTopology.REPORT_STORE_SERDE.deserializer().deserialize(TOPIC, Arrays.copyOf(bytes, 20)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a compact DailyReport");
        assertThatThrownBy(() -> ImpactTopology.REPORT_STORE_SERDE.deserializer().deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class).hasMessageContaining("1 bytes left over");
    }

    @Test
    void shouldWriteIndicatorValuesCompactlyWithAbsentValuesAndOptionalParts() {
        IndicatorValue attributable = new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.ATTRIBUTABLE_CHANGE,
                CollectiveAction.STOP_ADVICE_AND_GUIDANCE, Metric.AG_REQUESTS, "QE1", LocalDate.parse("2024-08-07"), -0.25, -0.4, -0.1, true, 12, 80,
                Instant.parse("2024-08-08T09:00:00Z"));
        IndicatorValue absent = new IndicatorValue(IndicatorValue.SCHEMA_VERSION, Indicator.AG_DROPOFF, null, null, "ENG",
                LocalDate.parse("2024-08-07"), null, null, null, false, 0, 0, null);
        Serde<IndicatorValue> serde = ImpactTopology.INDICATOR_STORE_SERDE;

        assertThat(serde.serializer().serialize(TOPIC, attributable)[0]).isEqualTo(CompactIndicatorValues.INDICATOR_VALUE);
        assertThat(roundTrip(serde, attributable)).isEqualTo(attributable);
        assertThat(roundTrip(serde, absent)).isEqualTo(absent);
        assertThat(serde.deserializer().deserialize(TOPIC, Topics.IMPACT_INDICATORS.valueSerde().serializer().serialize(TOPIC, attributable)))
                .isEqualTo(attributable);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
    }
}
