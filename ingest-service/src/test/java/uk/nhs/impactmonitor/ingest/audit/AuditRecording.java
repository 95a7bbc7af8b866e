package uk.nhs.impactmonitor.ingest.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.TopicReader;

/**
 * What a test's requests leave on {@code audit-log}. The service writes audit events in order on one writer thread to
 * the topic's one partition, so an anonymous request to a path of the test's own naming (a 401, itself recorded) marks
 * a point in the trail: the events between a start marker and an end marker are exactly those of the requests made in
 * between, and once the end marker is on the topic every one of them is.
 */
final class AuditRecording {

    private final IngestHttp http;
    private final TopicReader topics;

    AuditRecording(IngestHttp http, TopicReader topics, String bootstrapServers) {
        this.http = http;
        this.topics = topics;
        awaitTopic(bootstrapServers);
    }

    /**
     * Waits until the service has created {@code audit-log} as defined (one partition) before anything reads it: a
     * reader asking for a missing topic could have the broker create it with its defaults.
     */
    private static void awaitTopic(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.AUDIT_LOG.name())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the service did not create audit-log within 30 s");
                }
                pause();
            }
            TopicDescription description = admin.describeTopics(List.of(Topics.AUDIT_LOG.name())).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.AUDIT_LOG.name());
            if (description.partitions().size() != 1) {
                throw new AssertionError("audit-log has " + description.partitions().size() + " partitions, not its definition's one");
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The audit events the requests of {@code actions} left, in the order written. */
    List<AuditEvent> during(Runnable actions) {
        String start = marker();
        actions.run();
        String end = marker();
        List<AuditEvent> all = awaitResource(end);
        List<AuditEvent> between = new ArrayList<>();
        boolean inside = false;
        for (AuditEvent event : all) {
            if (start.equals(event.resource())) {
                inside = true;
            } else if (end.equals(event.resource())) {
                return between;
            } else if (inside) {
                between.add(event);
            }
        }
        throw new AssertionError("the start marker " + start + " is not before the end marker on audit-log");
    }

    /** An anonymous request the service refuses (401) and records, to a path named here. */
    String marker() {
        String path = "/api/v1/audit-marker/" + UUID.randomUUID();
        IngestHttp.Response response = http.get(path, null);
        if (response.status() != 401) {
            throw new AssertionError("a marker request answered " + response.status());
        }
        return path;
    }

    /** Every event on the topic, once an event about {@code resource} is among them (bounded wait). */
    List<AuditEvent> awaitResource(String resource) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<AuditEvent> all = all();
            if (all.stream().anyMatch(e -> resource.equals(e.resource()))) {
                return all;
            }
            pause();
        }
        throw new AssertionError("no audit event about " + resource + " within 30 s");
    }

    /** Every event on the topic as written. */
    List<AuditEvent> all() {
        return topics.readAll(Topics.AUDIT_LOG).stream().map(TopicReader.Read::value).toList();
    }

    /** The raw values on the topic, as text, for the tests that no token is ever written. */
    List<String> rawValues() {
        return topics.readAll(Topics.AUDIT_LOG).stream()
                .map(read -> new String(read.raw().value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
