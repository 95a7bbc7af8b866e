package uk.nhs.impactmonitor.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.util.unit.DataSize;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;

/** The durability and time limits the API promises are in the producer's configuration, whatever spring.kafka says. */
class KafkaClientsConfigurationTest {

    static IngestProperties properties(Duration kafkaTimeout) {
        return new IngestProperties(kafkaTimeout, Duration.ofSeconds(5), true, true, DataSize.ofKilobytes(64), DataSize.ofMegabytes(16), DataSize.ofMegabytes(16));
    }

    @Test
    void shouldBeIdempotentWithAcksFromAllReplicasWhenTheProducerIsBuilt() {
        // given: a deployment that asked for weaker settings
        KafkaProperties kafka = new KafkaProperties();
        kafka.getProducer().setAcks("1");
        kafka.getProducer().setTransactionIdPrefix("tx-");

        // when
        Map<String, Object> config = KafkaClientsConfiguration.producerConfig(kafka, properties(Duration.ofSeconds(4)));

        // then
        assertThat(config.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo(true);
        assertThat(config).doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }

    @Test
    void shouldBoundEveryWaitByTheKafkaTimeoutWhenItIsFourSeconds() {
        // when
        Map<String, Object> config = KafkaClientsConfiguration.producerConfig(new KafkaProperties(), properties(Duration.ofSeconds(4)));

        // then: 4000 ms to block for metadata and to deliver; a request gets 3/4 of it, 3000 ms (delivery must cover linger 5 + request)
        assertThat(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(4000L);
        assertThat(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(4000);
        assertThat(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(3000);
        assertThat(config.get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo(5L);
    }

    @Test
    void shouldReadCommittedFromTheBeginningWithoutAGroupWhenReplaying() {
        // given
        KafkaProperties kafka = new KafkaProperties();
        kafka.getConsumer().setGroupId("someone-elses-group");

        // when
        Map<String, Object> config = KafkaClientsConfiguration.replayConsumerConfig(kafka);

        // then
        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        assertThat(config.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
        assertThat(config.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)).isEqualTo("earliest");
        assertThat(config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isEqualTo(false);
        assertThat(config.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG)).isEqualTo(false);
    }
}
