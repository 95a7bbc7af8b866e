package uk.nhs.impactmonitor.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.topic.Topic;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.simulator.TestDirectories;
import uk.nhs.impactmonitor.simulator.activity.ActivityGenerator;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/** The backfill path against a real (in-process KRaft) broker. */
@EmbeddedKafka(partitions = 3, topics = {"practice-notices", "practice-activity"})
class KafkaSinkIntegrationTest {

    @Test
    void shouldWriteEveryEventKeyedAsTheIngestServiceWouldWhenBackfilling(EmbeddedKafkaBroker broker) {
        // given: 50 practices, the last baseline week and the first week of the worst case
        Scenario scenario = ScenarioLoader.shipped("reasonable-worst-case");
        ActivityGenerator generator = new ActivityGenerator(scenario, TestDirectories.first(50));
        LocalDate from = scenario.startDate().minusDays(7);
        LocalDate to = scenario.startDate().plusDays(6);
        List<SimulatedEvent> events = generator.events(from, to);
        List<NoticeEvent> notices = events.stream().filter(e -> e instanceof SimulatedEvent.Notice)
                .map(e -> ((SimulatedEvent.Notice) e).event()).toList();
        List<DailyReport> reports = events.stream().filter(e -> e instanceof SimulatedEvent.Report)
                .map(e -> ((SimulatedEvent.Report) e).report()).toList();

        // when
        try (KafkaSink sink = new KafkaSink(broker.getBrokersAsString())) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                sink.send(day, generator.eventsArrivingOn(day));
            }
            sink.flush();
            assertThat(sink.acknowledged()).isEqualTo(events.size());
        }

        // then
        List<ConsumerRecord<String, NoticeEvent>> noticeRecords = readAll(broker, Topics.PRACTICE_NOTICES, notices.size());
        List<ConsumerRecord<String, DailyReport>> reportRecords = readAll(broker, Topics.PRACTICE_ACTIVITY, reports.size());
        assertThat(notices).isNotEmpty();
        assertThat(noticeRecords).allSatisfy(record -> assertThat(record.key()).isEqualTo(record.value().practiceCode()));
        assertThat(noticeRecords).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(notices);
        assertThat(reportRecords).allSatisfy(record ->
                assertThat(record.key()).isEqualTo(record.value().practiceCode() + "/" + record.value().day()));
        assertThat(reportRecords).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(reports);
        // a correction lands after the report it replaces (same key, same partition, later offset), so a
        // reader keeping the latest per key keeps the correction; the replaced report may predate the window
        int replaced = 0;
        for (SimulatedEvent event : events) {
            if (event instanceof SimulatedEvent.Report report && report.correction()) {
                List<DailyReport> sameKey = reportRecords.stream().map(ConsumerRecord::value)
                        .filter(value -> value.key().equals(report.report().key())).toList();
                assertThat(sameKey.get(sameKey.size() - 1)).isEqualTo(report.report());
                replaced += sameKey.size() - 1;
            }
        }
        assertThat(replaced).isPositive();
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(EmbeddedKafkaBroker broker, Topic<String, V> topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // one more poll: nothing beyond what was sent
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        assertThat(records).hasSize(expected);
        return records;
    }
}
