package uk.nhs.impactmonitor.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.AlertStateChange;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.topic.Topics;

/** What alerts-service writes to impact-alerts is read by the contract's serde as an AlertStateChange, and back by its own. */
class AlertsTopicsTest {

    private static final Alert ALERT = new Alert(AlertStateChange.SCHEMA_VERSION, "abc123", "icb_participation", Indicator.PARTICIPATION_RATE,
            CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null, "QKK", Severity.CRITICAL, AlertState.FIRING, 0.85, 0.8,
            Instant.parse("2024-08-01T09:00:00Z"), LocalDate.of(2024, 8, 1), "London on-call", null, Instant.parse("2024-08-01T10:00:00Z"),
            Instant.parse("2024-08-01T09:00:00Z"), null, Instant.parse("2024-08-01T09:30:00Z"), Instant.parse("2024-08-01T10:00:00Z"),
            "on it", Instant.parse("2024-08-01T09:30:00Z"));

    @Test
    void shouldBeReadableAsContractAlertStateChangeWhenWrittenByAlertsService() {
        // given
        byte[] bytes = AlertsTopics.ALERTS.valueSerde().serializer().serialize("impact-alerts", ALERT);

        // when
        AlertStateChange change = Topics.IMPACT_ALERTS.valueSerde().deserializer().deserialize("impact-alerts", bytes);

        // then
        assertThat(change).isEqualTo(ALERT.toStateChange());
        assertThat(change.indicator()).isEqualTo(Indicator.PARTICIPATION_RATE);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"indicator\":\"participation_rate\"");
    }

    @Test
    void shouldRoundTripEverythingRestartNeeds() {
        // given
        byte[] bytes = AlertsTopics.ALERTS.valueSerde().serializer().serialize("impact-alerts", ALERT);

        // when
        Alert read = AlertsTopics.ALERTS.valueSerde().deserializer().deserialize("impact-alerts", bytes);

        // then
        assertThat(read).isEqualTo(ALERT);
    }

    @Test
    void shouldRefuseRecordWithoutIdentity() {
        // given
        byte[] bytes = "{\"schemaVersion\":1,\"state\":\"FIRING\"}".getBytes(StandardCharsets.UTF_8);

        // when / then
        assertThatThrownBy(() -> AlertsTopics.ALERTS.valueSerde().deserializer().deserialize("impact-alerts", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("alertId, rule, indicator, area, state and severity are required");
    }
}
