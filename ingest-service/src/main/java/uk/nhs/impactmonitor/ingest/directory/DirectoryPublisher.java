package uk.nhs.impactmonitor.ingest.directory;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.nhs.impactmonitor.domain.directory.DirectoryEntry;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.kafka.KafkaUnavailableException;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;

/**
 * Publishes the practice directory to the compacted {@code practice-directory} topic once the service is
 * up, one entry per practice keyed by its code, so the streams service knows every practice's ICB, region
 * and list size. It runs on its own thread: a dead broker is logged, never a start-up that hangs.
 */
@Component
@ConditionalOnProperty(prefix = "monitor.ingest", name = "publish-directory", havingValue = "true", matchIfMissing = true)
class DirectoryPublisher {

    private static final Logger log = LoggerFactory.getLogger(DirectoryPublisher.class);

    /** Kafka may come up after the service (the local stack starts both): keep trying for about five minutes. */
    private static final int ATTEMPTS = 30;
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(10);

    private volatile boolean stopped;
    private final PracticeDirectory directory;
    private final RecordPublisher publisher;

    DirectoryPublisher(PracticeDirectory directory, RecordPublisher publisher) {
        this.directory = directory;
        this.publisher = publisher;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishWhenReady() {
        Thread thread = new Thread(this::publishWithRetries, "directory-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        stopped = true;
    }

    private void publishWithRetries() {
        for (int attempt = 1; attempt <= ATTEMPTS && !stopped; attempt++) {
            if (publish(attempt)) {
                return;
            }
            try {
                Thread.sleep(BETWEEN_ATTEMPTS.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    boolean publish(int attempt) {
        List<RecordPublisher.Keyed<String, DirectoryEntry>> entries = directory.practices().stream()
                .map(p -> new RecordPublisher.Keyed<>(p.code(), DirectoryEntry.of(p)))
                .toList();
        try {
            publisher.publishAll(Topics.PRACTICE_DIRECTORY, entries, "ingest-service");
            log.info("Published {} practices to {} ({})", entries.size(), Topics.PRACTICE_DIRECTORY.name(), directory.loadReport().source());
            return true;
        } catch (KafkaUnavailableException e) {
            log.warn("Could not publish the practice directory to {} (attempt {} of {}): {}", Topics.PRACTICE_DIRECTORY.name(), attempt,
                    ATTEMPTS, e.getMessage());
            return false;
        }
    }
}
