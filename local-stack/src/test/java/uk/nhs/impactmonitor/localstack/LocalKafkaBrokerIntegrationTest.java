package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.domain.topic.Topics;

class LocalKafkaBrokerIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTopicsAndRecordsWhenRestartedOnTheSameDataDirectory() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        // given: a fresh broker with the contract's topics and one record written
        try (LocalKafkaBroker broker = new LocalKafkaBroker(dataDir, port, controllerPort)) {
            broker.start();
            List<String> created = TopicSetup.ensureTopics(broker.bootstrapServers(), 1, (short) 1);
            assertThat(created).contains("practice-notices", "practice-notices.dlq", "practice-activity", "practice-directory",
                    "impact-indicators", "impact-alerts", "impact-alerts.dlq");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(Topics.PRACTICE_NOTICES.name(), "A81001", "kept")).get();
            }
        }
        // when: the broker is started again on the same data directory
        try (LocalKafkaBroker broker = new LocalKafkaBroker(dataDir, port, controllerPort)) {
            broker.start();
            // then: nothing needs creating, and the record is still there
            assertThat(TopicSetup.ensureTopics(broker.bootstrapServers(), 1, (short) 1)).isEmpty();
            assertThat(readAll(broker.bootstrapServers(), Topics.PRACTICE_NOTICES.name())).containsExactly("kept");
        }
    }

    static List<String> readAll(String bootstrap, String topic) {
        Properties config = new Properties();
        config.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "restart-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        return config;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
