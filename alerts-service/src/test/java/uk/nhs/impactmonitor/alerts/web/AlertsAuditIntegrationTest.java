package uk.nhs.impactmonitor.alerts.web;

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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Actor;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Credential;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Outcome;
import uk.nhs.impactmonitor.domain.topic.Topics;

/**
 * alerts-service's audit trail (issue 18): acknowledging, silencing (made, ended, expired), subscribing and
 * unsubscribing each leave exactly one event on {@code audit-log}, with the caller as actor, or the service itself
 * for a silence that ran to its end: once, also after the silences are read back from their topic.
 *
 * <p>The service writes a request's audit event on one writer thread to the topic's one partition, so an unauthorised
 * request to a path named by the test (a 401, itself recorded) marks a point in the trail: the events between two
 * markers are those of the requests made in between.
 */
class AlertsAuditIntegrationTest extends AlertsServiceIntegrationSupport {

    static final LocalDate DAY = LocalDate.of(2024, 8, 2);
    static final Actor ADMIN_ACTOR = new Actor("dev admin", "dev admin", "ADMIN", null, Credential.STATIC);
    static final Actor REGION_ACTOR = new Actor("dev region Y56", "dev region Y56", "REGION", "Y56", Credential.STATIC);

    @Autowired
    SilenceStore silenceStore;
    @Autowired
    SilenceExpiryRecorder expiryRecorder;

    @Test
    void shouldLeaveOneAcknowledgementWithTheCallerAndOneRefusalForAnIcbWhenAnAlertIsAcknowledged() {
        // given: a firing alert in an ICB of the last region (no other test subscribes to it)
        String icb = firstIcbOf(regions().get(6));
        indicators.send(Indicators.participation(icb, DAY, CollectiveAction.DEFER_PILOTS, 0.7));
        String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.DEFER_PILOTS, null);
        awaitAlert(a -> a.get("alertId").asString().equals(alertId));

        // when
        List<AuditEvent> refused = during(() -> assertThat(api.post("/api/v1/alerts/" + alertId + "/ack", ICB_QKK, Map.of("by", "QKK"))
                .status()).isEqualTo(403));
        List<AuditEvent> acknowledged = during(() -> assertThat(api.post("/api/v1/alerts/" + alertId + "/ack", ADMIN,
                Map.of("by", "national on-call", "comment", "looking")).status()).isEqualTo(200));

        // then
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).action()).isEqualTo(AuditAction.REQUEST_REFUSED);
        assertThat(refused.get(0).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.get(0).status()).isEqualTo(403);
        assertThat(refused.get(0).actor()).isEqualTo(new Actor("dev ICB QKK", "dev ICB QKK", "ICB", "QKK", Credential.STATIC));
        assertThat(refused.get(0).resource()).isEqualTo("/api/v1/alerts/" + alertId + "/ack");
        assertThat(acknowledged).hasSize(1);
        assertSucceeded(acknowledged.get(0), AuditAction.ALERT_ACKNOWLEDGED, ADMIN_ACTOR, "alert/" + alertId, icb, 200);
        assertThat(acknowledged.get(0).detail()).isEqualTo(Map.of("rule", "icb_participation", "by", "national on-call"));
    }

    @Test
    void shouldLeaveOneEventEachWhenASubscriptionIsAddedAndRemoved() {
        // given
        String[] id = new String[1];

        // when
        List<AuditEvent> added = during(() -> {
            AlertsApi.Response response = api.post("/api/v1/subscriptions", REGION_Y56, Map.of("area", "QKK", "email", "audit@example.org"));
            assertThat(response.status()).isEqualTo(201);
            id[0] = response.json().get("subscriptionId").asString();
        });
        List<AuditEvent> removed = during(() -> assertThat(api.delete("/api/v1/subscriptions/" + id[0], REGION_Y56).status()).isEqualTo(204));

        // then: how it notifies, never where to
        assertThat(added).hasSize(1);
        assertSucceeded(added.get(0), AuditAction.SUBSCRIPTION_ADDED, REGION_ACTOR, "subscription/" + id[0], "QKK", 201);
        assertThat(added.get(0).detail()).isEqualTo(Map.of("webhook", false, "email", true, "escalation", false));
        assertThat(removed).hasSize(1);
        assertSucceeded(removed.get(0), AuditAction.SUBSCRIPTION_REMOVED, REGION_ACTOR, "subscription/" + id[0], "QKK", 204);
    }

    @Test
    void shouldLeaveOneCreatedAndOneExpiredEventOnceWhenASilenceRunsToItsEndAndTheSilencesAreReadBack() {
        // given: a silence of an hour on an ICB of the last region
        String icb = firstIcbOf(regions().get(6));
        String[] id = new String[1];
        List<AuditEvent> created = during(() -> {
            AlertsApi.Response response = api.post("/api/v1/silences", ADMIN, Map.of("matchers", Map.of("area", icb, "rule", "icb_participation"),
                    "until", clock.instant().plus(Duration.ofHours(1)).toString(), "by", "national on-call", "comment", "known"));
            assertThat(response.status()).isEqualTo(201);
            id[0] = response.json().get("silenceId").asString();
        });
        String resource = "silence/" + id[0];

        // when: two hours pass; then the silences are read back from their topic, as after a restart
        clock.advance(Duration.ofHours(2));
        AuditEvent expired = awaitEvent(AuditAction.SILENCE_EXPIRED, resource);
        silenceStore.restore();
        awaitLooks(3);

        // then
        assertThat(created).hasSize(1);
        assertSucceeded(created.get(0), AuditAction.SILENCE_CREATED, ADMIN_ACTOR, resource, icb, 201);
        assertThat(created.get(0).detail()).containsEntry("rule", "icb_participation").containsEntry("by", "national on-call");
        assertThat(expired.actor()).isEqualTo(new Actor("alerts-service", "alerts-service", null, null, Credential.SERVICE));
        assertThat(expired.area()).isEqualTo(icb);
        assertThat(expired.status()).isNull();
        assertThat(expired.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(events().stream().filter(e -> e.action() == AuditAction.SILENCE_EXPIRED && resource.equals(e.resource()))).hasSize(1);
        assertThat(silenceStore.find(id[0]).orElseThrow().expiryRecorded()).isNotNull();
    }

    @Test
    void shouldLeaveOneEndedEventAndNoExpiryWhenSomeoneEndsASilence() {
        // given
        String icb = firstIcbOf(regions().get(6));
        AlertsApi.Response response = api.post("/api/v1/silences", ADMIN, Map.of("matchers", Map.of("area", icb),
                "until", clock.instant().plus(Duration.ofHours(1)).toString(), "by", "national on-call"));
        String id = response.json().get("silenceId").asString();

        // when
        List<AuditEvent> ended = during(() -> assertThat(api.delete("/api/v1/silences/" + id, ADMIN).status()).isEqualTo(200));
        clock.advance(Duration.ofHours(2));
        awaitLooks(3);

        // then
        assertThat(ended).hasSize(1);
        assertSucceeded(ended.get(0), AuditAction.SILENCE_ENDED, ADMIN_ACTOR, "silence/" + id, icb, 200);
        assertThat(events().stream().filter(e -> e.action() == AuditAction.SILENCE_EXPIRED && ("silence/" + id).equals(e.resource()))).isEmpty();
    }

    static void assertSucceeded(AuditEvent event, AuditAction action, Actor actor, String resource, String area, int status) {
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.actor()).isEqualTo(actor);
        assertThat(event.resource()).isEqualTo(resource);
        assertThat(event.area()).isEqualTo(area);
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(event.status()).isEqualTo(status);
        assertThat(event.service()).isEqualTo("alerts-service");
    }

    /** The audit events the requests of {@code actions} left, between two marker requests. */
    List<AuditEvent> during(Runnable actions) {
        String start = marker();
        actions.run();
        String end = marker();
        awaitEvent(AuditAction.REQUEST_REFUSED, end);
        List<AuditEvent> between = new ArrayList<>();
        boolean inside = false;
        for (AuditEvent event : events()) {
            if (start.equals(event.resource())) {
                inside = true;
            } else if (end.equals(event.resource())) {
                return between;
            } else if (inside && event.actor().credential() != Credential.SERVICE) {
                // the service's own events (a silence of another test expiring) come from their own thread
                between.add(event);
            }
        }
        throw new AssertionError("the start marker is not before the end marker on audit-log");
    }

    String marker() {
        String path = "/api/v1/audit-marker/" + UUID.randomUUID();
        assertThat(api.get(path, "not-a-credential").status()).isEqualTo(401);
        return path;
    }

    AuditEvent awaitEvent(AuditAction action, String resource) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (AuditEvent event : events()) {
                if (event.action() == action && resource.equals(event.resource())) {
                    return event;
                }
            }
            pause(50);
        }
        throw new AssertionError("no " + action + " of " + resource + " on audit-log within 30 s");
    }

    void awaitLooks(int n) {
        long target = expiryRecorder.looks() + n;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (expiryRecorder.looks() < target && System.nanoTime() < deadline) {
            pause(10);
        }
        assertThat(expiryRecorder.looks()).isGreaterThanOrEqualTo(target);
    }

    /** Every event on audit-log, in the order written. */
    List<AuditEvent> events() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.AUDIT_LOG.name(), Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            List<AuditEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(Topics.AUDIT_LOG.valueSerde().deserializer().deserialize(record.topic(), record.value()));
                }
            }
            return events;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
