package uk.nhs.impactmonitor.alerts.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;

/** Writes indicator values to {@code impact-indicators} as impact-streams would, and raw bytes for the bad ones. */
public final class Indicators implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public Indicators(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    public static IndicatorValue value(String area, LocalDate day, Indicator indicator, CollectiveAction action, Metric metric,
                                       Double value, long practices, long practiceDays) {
        return new IndicatorValue(IndicatorValue.SCHEMA_VERSION, indicator, action, metric, area, day, value, null, null, false, practices, practiceDays,
                Instant.now());
    }

    public static IndicatorValue participation(String area, LocalDate day, CollectiveAction action, double rate) {
        return value(area, day, Indicator.PARTICIPATION_RATE, action, null, rate, 100, 100);
    }

    public void send(IndicatorValue value) {
        sendRaw(value.key(), Topics.IMPACT_INDICATORS.valueSerde().serializer().serialize(Topics.IMPACT_INDICATORS.name(), value));
    }

    public void sendRaw(String key, byte[] bytes) {
        try {
            producer.send(new ProducerRecord<>(Topics.IMPACT_INDICATORS.name(), key, bytes)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
