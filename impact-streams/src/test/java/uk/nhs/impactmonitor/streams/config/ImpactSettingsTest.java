package uk.nhs.impactmonitor.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ImpactSettingsTest {

    private static ImpactSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("monitor", ImpactSettings.class);
    }

    @Test
    void shouldDefaultTheBaselineToThe28DaysBeforeTheMonitoringStartWhenNotSet() {
        // when
        ImpactSettings settings = bind(Map.of());

        // then 2024-08-01 minus 28 days .. minus 1 day
        assertThat(settings.baselineFrom()).isEqualTo(LocalDate.parse("2024-07-04"));
        assertThat(settings.baselineTo()).isEqualTo(LocalDate.parse("2024-07-31"));
        assertThat(settings.streams().emitInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.streams().applicationId()).isEqualTo("impact-streams");
        assertThat(settings.streams().inMemoryStores()).isFalse();
    }

    @Test
    void shouldGiveTheDefaultsTheReadmeDocumentsWhenBoundWithNoProperties() {
        // when
        ImpactSettings bound = bind(Map.of());
        ImpactSettings defaults = ImpactSettings.defaults();

        // then every default of the README's table ("Configuration"), and defaults() is the same binding
        assertThat(defaults).isEqualTo(bound);
        assertThat(bound.monitoringStart()).isEqualTo(LocalDate.parse("2024-08-01"));
        assertThat(bound.calendar().bankHolidays()).isNull();
        assertThat(bound.indicators().reportingLagDays()).isEqualTo(3);
        ImpactSettings.Streams streams = bound.streams();
        assertThat(streams.applicationId()).isEqualTo("impact-streams");
        assertThat(streams.emitInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(streams.emitBudget()).isEqualTo(Duration.ofSeconds(1));
        assertThat(streams.maxDaysPerEmit()).isEqualTo(62);
        assertThat(streams.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(streams.catchUpRecords()).isEqualTo(5000);
        assertThat(streams.catchUpEmitInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(streams.stateDir()).isEqualTo("./data/impact-streams");
        assertThat(streams.applicationServer()).isEqualTo("localhost:8082");
        assertThat(streams.standbyReplicas()).isZero();
        assertThat(streams.replicationFactor()).isEqualTo((short) 1);
        assertThat(streams.createTopics()).isTrue();
        assertThat(streams.topicPartitions()).isEqualTo(1);
        assertThat(streams.inMemoryStores()).isFalse();
    }

    @Test
    void shouldFillInTheDefaultsOfAPartLeftOutWhenBuiltByHand() {
        // when
        ImpactSettings byHand = new ImpactSettings(LocalDate.parse("2024-09-01"), null, null, null, null);

        // then
        assertThat(byHand.streams()).isEqualTo(ImpactSettings.defaults().streams());
        assertThat(byHand.indicators().reportingLagDays()).isEqualTo(3);
        assertThat(byHand.baselineFrom()).isEqualTo(LocalDate.parse("2024-08-04"));
    }

    @Test
    void shouldFollowTheMonitoringStartAndExplicitBaselineWhenSet() {
        // when
        ImpactSettings moved = bind(Map.of("monitor.monitoring-start", "2024-09-01"));
        ImpactSettings explicit = bind(Map.of("monitor.baseline.from", "2024-06-01", "monitor.baseline.to", "2024-06-30",
                "monitor.streams.emit-interval", "150ms"));

        // then
        assertThat(moved.baselineFrom()).isEqualTo(LocalDate.parse("2024-08-04"));
        assertThat(moved.baselineTo()).isEqualTo(LocalDate.parse("2024-08-31"));
        assertThat(explicit.baselineFrom()).isEqualTo(LocalDate.parse("2024-06-01"));
        assertThat(explicit.baselineTo()).isEqualTo(LocalDate.parse("2024-06-30"));
        assertThat(explicit.streams().emitInterval()).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void shouldRefuseSettingsThatMakeNoSenseWhenBound() {
        // when / then
        assertThatThrownBy(() -> bind(Map.of("monitor.baseline.from", "2024-07-10", "monitor.baseline.to", "2024-07-01")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("monitor.baseline.to");
        assertThatThrownBy(() -> bind(Map.of("monitor.streams.emit-interval", "0ms")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("monitor.streams.emit-interval");
        assertThatThrownBy(() -> bind(Map.of("monitor.streams.application-server", "no-port")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("monitor.streams.application-server");
    }

    @Test
    void shouldDefaultToTheBuiltInBankHolidaysAndALagOfThreeDaysWhenNotSet() {
        // when
        ImpactSettings settings = bind(Map.of());

        // then
        assertThat(settings.indicators().reportingLagDays()).isEqualTo(3);
        assertThat(settings.calendar().bankHolidays()).isNull();
        assertThat(settings.calendar().load().isBankHoliday(LocalDate.parse("2024-08-26"))).isTrue();
    }

    @Test
    void shouldReadTheBankHolidaysFileAndTheLagWhenSet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // given a GOV.UK-format file with one bank holiday
        java.nio.file.Path file = dir.resolve("bank-holidays.json");
        java.nio.file.Files.writeString(file, """
                {"england-and-wales": {"division": "england-and-wales",
                  "events": [{"title": "Made-up day", "date": "2024-08-20", "notes": "", "bunting": false}]}}
                """);

        // when
        ImpactSettings settings = bind(Map.of("monitor.calendar.bank-holidays", file.toString(),
                "monitor.indicators.reporting-lag-days", "5"));

        // then
        assertThat(settings.indicators().reportingLagDays()).isEqualTo(5);
        assertThat(settings.calendar().load().bankHolidays()).containsExactly(LocalDate.parse("2024-08-20"));
    }

    @Test
    void shouldRefuseToStartNamingTheFileAndLineWhenTheBankHolidaysFileIsMalformed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // given an event whose date is not a date, on line 3
        java.nio.file.Path file = dir.resolve("bank-holidays.json");
        java.nio.file.Files.writeString(file, """
                {"england-and-wales": {"division": "england-and-wales", "events": [
                  {"title": "New Year", "date": "2024-01-01"},
                  {"title": "Broken", "date": "26/08/2024"}]}}
                """);

        // when / then binding fails (so start-up does), naming the property, the file and the line
        assertThatThrownBy(() -> bind(Map.of("monitor.calendar.bank-holidays", file.toString())))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("monitor.calendar.bank-holidays")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> bind(Map.of("monitor.calendar.bank-holidays", dir.resolve("missing.json").toString())))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("missing.json");
        assertThatThrownBy(() -> bind(Map.of("monitor.indicators.reporting-lag-days", "-1")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("monitor.indicators.reporting-lag-days");
    }
}
