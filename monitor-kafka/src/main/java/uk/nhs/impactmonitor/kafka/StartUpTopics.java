package uk.nhs.impactmonitor.kafka;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service's start-up did to its topics ({@link TopicProvisioner}): a service starts while Kafka is away
 * (its readers wait and its writes answer 503), so a failure here is logged, not fatal; the next start, or the
 * local stack, brings the topics to their definitions.
 *
 * @param report {@code null} when Kafka could not be reached
 */
public record StartUpTopics(TopicProvisioner.Report report) {

    private static final Logger log = LoggerFactory.getLogger(StartUpTopics.class);

    public static StartUpTopics provision(String bootstrapServers, List<TopicSpec> specs) {
        try {
            TopicProvisioner.Report report = TopicProvisioner.provision(bootstrapServers, specs);
            log.info("Topics: {} created, {} brought to their definition, {} as defined",
                    report.created().size(), report.changed().size(), specs.size() - report.created().size() - report.changed().size());
            return new StartUpTopics(report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StartUpTopics(null);
        } catch (Exception e) {
            log.warn("Could not check the topics {} at start-up ({}); carrying on", specs.stream().map(TopicSpec::name).toList(), e.toString());
            return new StartUpTopics(null);
        }
    }

    /**
     * For a service that must start (and answer) while Kafka is away: tries on a daemon thread, then again every
     * {@code retry} until it succeeds.
     */
    public static Thread provisionInBackground(String bootstrapServers, List<TopicSpec> specs, java.time.Duration retry) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (provision(bootstrapServers, specs).report() != null) {
                    return;
                }
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "topic-provisioning");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
