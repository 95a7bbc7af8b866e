package uk.nhs.impactmonitor.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.simulator.IngestStub;
import uk.nhs.impactmonitor.simulator.TestDirectories;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/** The demo as the local stack starts it ({@link DemoRunner#start(DemoSettings, PracticeDirectory)}), on a real broker. */
@EmbeddedKafka(partitions = 1, topics = {"practice-notices", "practice-activity"})
class DemoRunnerIntegrationTest {

    @Test
    void shouldBackfillTheShippedScenarioToKafkaWhenStartedWithDefaults(EmbeddedKafkaBroker broker, @TempDir Path dataDir)
            throws Exception {
        // given: the expected scenario for 20 practices, live days every 20 ms
        PracticeDirectory directory = TestDirectories.first(20);
        try (IngestStub stub = new IngestStub()) {
            DemoSettings settings = DemoSettings.of(dataDir, broker.getBrokersAsString(), stub.url(), "admin")
                    .withInterval(Duration.ofMillis(20))
                    .withClock(Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

            // when
            LocalDate last;
            try (DemoRunner runner = DemoRunner.start(settings, directory)) {
                last = runner.finished().get(120, TimeUnit.SECONDS);
            }

            // then: 4 baseline weeks and 14 action days (4 July to 14 August 2024) straight to Kafka
            assertThat(last).isEqualTo(LocalDate.of(2024, 11, 28));
            long backfilled = new ActivityGenerator(ScenarioLoader.shipped("expected"), directory)
                    .events(LocalDate.of(2024, 7, 4), LocalDate.of(2024, 8, 14)).stream()
                    .filter(e -> e instanceof SimulatedEvent.Report).count();
            assertThat(reportsOnKafka(broker, backfilled)).hasSize((int) backfilled);
            assertThat(stub.successful()).isNotEmpty();
        }
    }

    private static List<DailyReport> reportsOnKafka(EmbeddedKafkaBroker broker, long expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DailyReport> reports = new ArrayList<>();
        try (KafkaConsumer<String, DailyReport> consumer = new KafkaConsumer<>(config,
                Topics.PRACTICE_ACTIVITY.keySerde().deserializer(), Topics.PRACTICE_ACTIVITY.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.PRACTICE_ACTIVITY.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reports.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> reports.add(record.value()));
            }
            consumer.poll(Duration.ofMillis(500)).forEach(record -> reports.add(record.value()));
        }
        return reports;
    }
}
