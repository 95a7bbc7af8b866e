package uk.nhs.impactmonitor.ingest.notice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.kafka.ReplayReader;
import uk.nhs.impactmonitor.web.metrics.KafkaClientMeters;

/**
 * Keeps {@link NoticeView} up to date by reading {@code practice-notices} from the beginning (committed
 * records only, {@link ReplayReader}), on its own thread. While Kafka is unreachable it retries and the service keeps starting;
 * writes wait for the first catch-up so a resend is never mistaken for a new notice.
 * A record it cannot read is skipped and counted (the streams service owns the topic's dead-letter copy).
 */
public final class NoticeViewLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NoticeViewLoader.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final NoticeView view;
    private final Map<String, Object> consumerConfig;
    private final Counter unreadable;
    private final KafkaClientMeters clientMeters;
    private volatile boolean running;
    private volatile ReplayReader<String, NoticeEvent> reader;
    private Thread thread;

    public NoticeViewLoader(NoticeView view, Map<String, Object> consumerConfig, MeterRegistry meters) {
        this(view, consumerConfig, meters, KafkaClientMeters.NONE);
    }

    /** @param clientMeters exports the loader's lag behind {@code practice-notices} (writes of notices wait for it) */
    public NoticeViewLoader(NoticeView view, Map<String, Object> consumerConfig, MeterRegistry meters, KafkaClientMeters clientMeters) {
        this.clientMeters = clientMeters;
        this.view = view;
        this.consumerConfig = consumerConfig;
        this.unreadable = Counter.builder("ingest.notice.view.unreadable")
                .description("practice-notices records the notice view could not read and skipped")
                .register(meters);
    }

    @Override
    public void start() {
        running = true;
        reader = new ReplayReader<>(Topics.PRACTICE_NOTICES, consumerConfig, null, null, clientMeters::bind,
                new ReplayReader.Listener<String, NoticeEvent>() {
                    @Override
                    public void onRecord(ReplayReader.Replayed<String, NoticeEvent> record) {
                        if (record.value() != null) {
                            view.apply(record.value(), record.partition(), record.offset());
                        }
                    }

                    @Override
                    public void onUnreadable(String key, String reason) {
                        unreadable.increment();
                    }

                    @Override
                    public void onCaughtUp(long replayed) {
                        log.info("Notice view caught up: {} notices from {} record(s)", view.size(), replayed);
                        view.markCaughtUp();
                    }
                }, POLL, RETRY);
        thread = new Thread(reader::follow, "notice-view-loader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        ReplayReader<String, NoticeEvent> current = reader;
        if (current != null) {
            current.stop();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
