package uk.nhs.impactmonitor.alerts.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.impactmonitor.alerts.kafka.AlertsKafka;
import uk.nhs.impactmonitor.kafka.ReplayReader;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * Reads {@code impact-indicators} on its own thread. At start it replays the topic from the beginning to
 * rebuild the series (values are corrected in place and "for" and EARS read back weeks), judging nothing
 * until it has caught up: then every series is judged once against the alerts read back, so a restart
 * neither loses an alert nor raises one twice. Partitions are assigned, not subscribed: no rebalance to wait
 * for. The group id only keeps the offset up to which records were already seen, so an unreadable record
 * goes to {@code impact-indicators.dlq} once, not at every restart.
 */
public class IndicatorConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IndicatorConsumer.class);
    public static final String GROUP_ID = "alerts-service";

    private final AlertsKafka kafka;
    private final AlertEngine engine;
    private final KafkaClientMeters clientMeters;
    private volatile boolean running;
    private volatile ReplayReader<String, IndicatorValue> reader;
    private volatile boolean consuming;

    public IndicatorConsumer(AlertsKafka kafka, AlertEngine engine) {
        this(kafka, engine, KafkaClientMeters.NONE);
    }

    /** @param clientMeters exports this consumer's lag behind {@code impact-indicators} */
    public IndicatorConsumer(AlertsKafka kafka, AlertEngine engine, KafkaClientMeters clientMeters) {
        this.kafka = kafka;
        this.engine = engine;
        this.clientMeters = clientMeters;
    }

    @Override
    public void run() {
        consuming = true;
        ReplayReader<String, IndicatorValue> current = new ReplayReader<>(Topics.IMPACT_INDICATORS, kafka.consumerConfig(), GROUP_ID,
                kafka.deadLetters(), clientMeters::bind, new ReplayReader.Listener<String, IndicatorValue>() {
                    @Override
                    public void onRecord(ReplayReader.Replayed<String, IndicatorValue> record) {
                        IndicatorValue value = record.value();
                        if (value == null) {
                            return;
                        }
                        String reason = problem(value, record.key());
                        if (reason != null) {
                            throw new ReplayReader.Refused(reason);
                        }
                        if (record.replaying()) {
                            engine.remember(value);
                        } else {
                            // an exception (e.g. Kafka briefly unavailable for the alert write) is logged by the reader:
                            // the next value of the series judges again
                            engine.onIndicator(value, record.timestamp());
                        }
                    }

                    @Override
                    public void onCaughtUp(long replayed) {
                        engine.evaluateAll();
                        log.info("Replayed {} indicator value(s); evaluating live", replayed);
                    }
                });
        reader = current;
        try {
            if (running) {
                current.follow();
            }
        } catch (RuntimeException e) {
            log.error("Indicator consumer stopped: {}", e.toString(), e);
        } finally {
            reader = null;
            consuming = false;
        }
    }

    /** The value is what counts; a key that differs from the contract's is the writer's problem, not a reason to drop a reading. */
    private static String problem(IndicatorValue value, String key) {
        if (value.schemaVersion() != IndicatorValue.SCHEMA_VERSION) {
            return "schemaVersion " + value.schemaVersion() + " is not " + IndicatorValue.SCHEMA_VERSION;
        }
        if (value.indicator() == null || value.area() == null || value.day() == null) {
            return "indicator, area and day are required";
        }
        return null;
    }

    /** Whether the consumer thread is running (waiting for the topic, replaying or live). */
    public boolean isConsuming() {
        return consuming;
    }

    /** Before each run: a context can be stopped and started again (Spring's test contexts are paused between uses). */
    public void prepare() {
        running = true;
        consuming = true;
    }

    public void stop() {
        running = false;
        ReplayReader<String, IndicatorValue> current = reader;
        if (current != null) {
            current.stop();
        }
    }

}
