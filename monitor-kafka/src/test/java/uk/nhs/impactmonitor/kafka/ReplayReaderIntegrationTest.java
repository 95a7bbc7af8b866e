package uk.nhs.impactmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import uk.nhs.impactmonitor.domain.topic.Topic;

/** The one replay reader against a real broker: caught-up signal, bad records dead-lettered once, stop. */
@EmbeddedKafka(count = 1)
class ReplayReaderIntegrationTest {

    /** Values are strings; "BAD" is refused by the listener, a value that is not UTF-8 text cannot be read. */
    private static Topic<String, String> topic(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.String(), Topic.Retention.KEEP_ALL);
    }

    @Test
    void shouldMarkEarlierRecordsReplayingAndSignalCaughtUpOnceWhenFollowing(EmbeddedKafkaBroker broker) throws Exception {
        // given: three records written before the reader starts
        Topic<String, String> topic = topic("follow-test");
        provision(broker, topic);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            for (String v : List.of("a", "b", "c")) {
                send(producer, topic.name(), v, v.getBytes(StandardCharsets.UTF_8));
            }
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch caughtUp = new CountDownLatch(1);
            CountDownLatch live = new CountDownLatch(1);
            List<Long> caughtUpCalls = Collections.synchronizedList(new ArrayList<>());
            ReplayReader<String, String> reader = new ReplayReader<>(topic, consumerConfig(broker), null, null, null,
                    new ReplayReader.Listener<>() {
                        @Override
                        public void onRecord(ReplayReader.Replayed<String, String> record) {
                            seen.add(record.value() + (record.replaying() ? ":replay" : ":live"));
                            if (!record.replaying()) {
                                live.countDown();
                            }
                        }

                        @Override
                        public void onCaughtUp(long replayed) {
                            caughtUpCalls.add(replayed);
                            caughtUp.countDown();
                        }
                    });
            Thread thread = new Thread(reader::follow);

            // when: it follows, and a fourth record comes after it caught up
            thread.start();
            assertThat(caughtUp.await(60, TimeUnit.SECONDS)).isTrue();
            send(producer, topic.name(), "d", "d".getBytes(StandardCharsets.UTF_8));
            assertThat(live.await(60, TimeUnit.SECONDS)).isTrue();
            reader.stop();
            thread.join(TimeUnit.SECONDS.toMillis(30));

            // then
            assertThat(seen).containsExactly("a:replay", "b:replay", "c:replay", "d:live");
            assertThat(caughtUpCalls).containsExactly(3L);
            assertThat(thread.isAlive()).as("stopped").isFalse();
        }
    }

    @Test
    void shouldDeadLetterABadRecordOnceAndKeepTheRecordsAfterItWhenTheTopicIsReadAgain(EmbeddedKafkaBroker broker) throws Exception {
        // given: a good record, one the listener refuses, one whose value is not readable, a good one
        Topic<String, String> topic = new Topic<>("dead-letter-test", Serdes.String(), new StrictUtf8(), Topic.Retention.KEEP_ALL);
        provision(broker, topic);
        try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
            send(producer, topic.name(), "k1", "one".getBytes(StandardCharsets.UTF_8));
            send(producer, topic.name(), "k2", "BAD".getBytes(StandardCharsets.UTF_8));
            send(producer, topic.name(), "k3", new byte[] {(byte) 0xff, (byte) 0xfe});
            send(producer, topic.name(), "k4", "four".getBytes(StandardCharsets.UTF_8));
            DeadLetterWriter writer = new DeadLetterWriter(producer, "replay-test", Duration.ofSeconds(10));

            // when: read to the end twice, as two starts of a service would
            List<String> first = readToEnd(broker, topic, writer);
            List<String> second = readToEnd(broker, topic, writer);

            // then: both reads have the good records and both skip the bad ones; the dead-letter topic has each bad one once
            assertThat(first).containsExactly("one", "unreadable k2: refused BAD", "unreadable k3", "four");
            assertThat(second).isEqualTo(first);
            List<ConsumerRecord<byte[], byte[]>> dead = readAll(broker, topic.deadLetterTopic());
            assertThat(dead).hasSize(2);
            assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k2");
            assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo("refused BAD");
            assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic.name());
            assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SERVICE)).isEqualTo("replay-test");
            assertThat(dead.get(1).value()).containsExactly((byte) 0xff, (byte) 0xfe);
            assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
        }
    }

    @Test
    void shouldCatchUpAtOnceWhenTheTopicDoesNotExist(EmbeddedKafkaBroker broker) {
        // given
        List<Long> caughtUp = new ArrayList<>();
        ReplayReader<String, String> reader = new ReplayReader<>(topic("never-made"), consumerConfig(broker), null, null, null,
                new ReplayReader.Listener<>() {
                    @Override
                    public void onRecord(ReplayReader.Replayed<String, String> record) {
                    }

                    @Override
                    public void onCaughtUp(long replayed) {
                        caughtUp.add(replayed);
                    }
                });

        // when
        reader.readToEnd();

        // then: nothing to read back, and reading did not create the topic
        assertThat(caughtUp).containsExactly(0L);
        assertThat(reader.isCaughtUp()).isTrue();
        assertThat(broker.getTopics()).doesNotContain("never-made");
    }

    private static List<String> readToEnd(EmbeddedKafkaBroker broker, Topic<String, String> topic, DeadLetterWriter writer) {
        List<String> out = new ArrayList<>();
        new ReplayReader<>(topic, consumerConfig(broker), "replay-test-state", writer, null, new ReplayReader.Listener<String, String>() {
            @Override
            public void onRecord(ReplayReader.Replayed<String, String> record) {
                if (record.value().equals("BAD")) {
                    throw new ReplayReader.Refused("refused BAD");
                }
                out.add(record.value());
            }

            @Override
            public void onUnreadable(String key, String reason) {
                out.add("unreadable " + key + (reason.equals("refused BAD") ? ": " + reason : ""));
            }
        }).readToEnd();
        return out;
    }

    /** A string serde that refuses bytes that are not UTF-8, as the JSON serdes refuse what is not JSON. */
    static final class StrictUtf8 extends Serdes.WrapperSerde<String> {
        StrictUtf8() {
            super(Serdes.String().serializer(), (topic, data) -> {
                try {
                    return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new org.apache.kafka.common.errors.SerializationException("not UTF-8", e);
                }
            });
        }
    }

    private static void provision(EmbeddedKafkaBroker broker, Topic<?, ?> topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            TopicProvisioner.provision(admin, TopicSpec.of(List.of(topic), TopicLayout.LOCAL));
        }
    }

    private static Map<String, Object> consumerConfig(EmbeddedKafkaBroker broker) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafkaBroker broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
