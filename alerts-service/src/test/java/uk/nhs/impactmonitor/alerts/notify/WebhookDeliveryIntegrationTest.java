package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.alerts.support.WebhookReceiver;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * Signed Alertmanager v4 webhooks on a real broker: the walking skeleton (an ICB crosses the participation
 * rule, its region's webhook hears it), retries, repeat until acknowledged, escalation, silences.
 */
class WebhookDeliveryIntegrationTest extends AlertsServiceIntegrationSupport {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 1);

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldDeliverSignedV4AlertToRegionWhenOneOfItsIcbsCrossesParticipationRule() throws Exception {
        // given: London's team subscribes; QKK is one of its ICBs
        String secret = "london-webhook-secret";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String subscriptionId = subscribe(REGION_Y56, "Y56", receiver.url(), secret, false);

            // when: 55% of QKK's practices stop Advice & Guidance (rule: >= 0.5 is a WARNING)
            long sent = System.nanoTime();
            indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.STOP_ADVICE_AND_GUIDANCE, 0.55));

            // then: (other tests' London alerts may travel in the same message; this one is there once)
            String alertId = AlertIds.of("icb_participation", "QKK", CollectiveAction.STOP_ADVICE_AND_GUIDANCE, null);
            WebhookReceiver.Request request = receiver.await(1, r -> r.json().get("alerts").findValues("fingerprint").stream()
                    .anyMatch(f -> f.asString().equals(alertId))).get(0);
            // a measurement, not an assertion: indicator on the topic -> signed webhook received
            System.out.printf("indicator sent -> signed webhook received: %d ms%n", (System.nanoTime() - sent) / 1_000_000);
            assertThat(request.signature()).isEqualTo("sha256=" + hmacSha256Hex(secret, request.body()));
            assertThat(request.contentType()).startsWith("application/json");
            JsonNode message = request.json();
            assertThat(message.get("version").asString()).isEqualTo("4");
            assertThat(message.get("status").asString()).isEqualTo("firing");
            assertThat(message.get("receiver").asString()).isEqualTo(subscriptionId + "/webhook");
            assertThat(message.get("groupKey").asString()).contains(subscriptionId);
            assertThat(message.get("truncatedAlerts").asInt()).isZero();
            assertThat(message.get("groupLabels").get("area").asString()).isEqualTo("Y56");
            assertThat(message.get("externalURL").asString()).isEqualTo("http://localhost:8083");
            assertThat(message.get("commonLabels").get("alertname").asString()).isEqualTo("icb_participation");
            assertThat(message.has("commonAnnotations")).isTrue();
            List<JsonNode> matching = new ArrayList<>();
            message.get("alerts").forEach(a -> {
                if (a.get("fingerprint").asString().equals(alertId)) {
                    matching.add(a);
                }
            });
            assertThat(matching).hasSize(1);
            JsonNode alert = matching.get(0);
            assertThat(alert.get("status").asString()).isEqualTo("firing");
            JsonNode labels = alert.get("labels");
            assertThat(labels.get("alertname").asString()).isEqualTo("icb_participation");
            assertThat(labels.get("area").asString()).isEqualTo("QKK");
            assertThat(labels.get("indicator").asString()).isEqualTo("participation_rate");
            assertThat(labels.get("action").asString()).isEqualTo("STOP_ADVICE_AND_GUIDANCE");
            assertThat(labels.get("severity").asString()).isEqualTo("warning");
            assertThat(labels.has("metric")).isFalse();
            assertThat(alert.get("annotations").get("value").asString()).isEqualTo("0.55");
            assertThat(alert.get("annotations").get("threshold").asString()).isEqualTo("0.5");
            assertThat(alert.get("annotations").get("day").asString()).isEqualTo("2024-08-01");
            assertThat(alert.get("endsAt").asString()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(alert.get("startsAt").asString()).isNotBlank();
            assertThat(alert.get("generatorURL").asString()).isEqualTo("http://localhost:8083/api/v1/alerts?area=QKK");

            JsonNode shown = api.get("/api/v1/alerts/" + alertId, REGION_Y56).json();
            assertThat(shown.get("alertId").asString()).isEqualTo(alertId);
            assertThat(shown.get("severity").asString()).isEqualTo("WARNING");
            assertThat(shown.get("value").asDouble()).isEqualTo(0.55);
            assertThat(shown.get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(shown.get("day").asString()).isEqualTo("2024-08-01");
            assertThat(shown.get("startsAt").asString()).isEqualTo(alert.get("startsAt").asString());
        }
    }

    @Test
    void shouldDeliverOnceReceiverRecoversWhenItFailsTwiceFirst() throws Exception {
        // given: a receiver that answers 503 twice, then 200
        String region = regions().get(1);
        String icb = firstIcbOf(region);
        double retryableBefore = counter("alerts.delivery.attempts", "retryable");
        try (WebhookReceiver receiver = new WebhookReceiver(503, 503)) {
            String secret = "retry-secret-123";
            subscribe(ADMIN, region, receiver.url(), secret, false);

            // when
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.CAP_DAILY_CONTACTS, 0.6));

            // then: the third attempt carries the same signed message and is the one that lands
            List<WebhookReceiver.Request> requests = receiver.await(3);
            assertThat(requests.get(0).body()).isEqualTo(requests.get(2).body());
            assertThat(requests.get(1).body()).isEqualTo(requests.get(2).body());
            assertThat(requests.get(2).signature()).isEqualTo("sha256=" + hmacSha256Hex(secret, requests.get(2).body()));
            assertThat(requests.get(2).json().get("alerts").get(0).get("labels").get("area").asString()).isEqualTo(icb);
            assertThat(counter("alerts.delivery.attempts", "retryable") - retryableBefore).isGreaterThanOrEqualTo(2.0);
            // delivered, so recorded: the next tick does not send it again
            awaitTicks(3);
            assertThat(receiver.requests()).hasSize(3);
        }
    }

    @Test
    void shouldRetryWithBackoffAndDeliverWhenReceiverAnswers503ForAWhile() throws Exception {
        // given: a receiver down (503) for 2 s from the first attempt; the test context retries after 50, 100, 200 ms (4 attempts), then,
        // the delivery having failed, plans it again after max-backoff (200 ms)
        String region = regions().get(0);
        String icb = firstIcbOf(region);
        String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.WITHDRAW_SECONDARY_USE_SHARING, null);
        double retryableBefore = counter("alerts.delivery.attempts", "retryable");
        double failedBefore = counter("alerts.deliveries", "failed");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.downFor(Duration.ofSeconds(2));
            subscribe(ADMIN, region, receiver.url(), "outage-secret-1", false);

            // when
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.WITHDRAW_SECONDARY_USE_SHARING, 0.6));

            // then: it arrives once the receiver is back
            List<WebhookReceiver.Request> accepted = receiver.await(1, r -> r.status() == 200);
            assertThat(fingerprints(accepted.get(0))).contains(alertId);
            List<WebhookReceiver.Request> attempts = receiver.requests();
            int refused = attempts.indexOf(accepted.get(0));
            assertThat(attempts.subList(0, refused)).allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
            // 2 s of outage outlast one delivery's 4 attempts (350 ms of backoff): the delivery failed and was planned again
            assertThat(refused).isGreaterThanOrEqualTo(4);
            // the waits between attempts follow the schedule: attempt n of a round waits backoff(n) (50, 100, 200 ms)
            // before the next, the last of a round max-backoff (200 ms); lower bounds, as a sleep never ends early,
            // and a generous upper bound only
            List<Long> expectedMinimumMs = List.of(50L, 100L, 200L, 200L);
            for (int i = 1; i <= refused; i++) {
                long gapMs = (attempts.get(i).receivedAtNanos() - attempts.get(i - 1).receivedAtNanos()) / 1_000_000;
                assertThat(gapMs).as("wait after attempt " + i).isGreaterThanOrEqualTo(expectedMinimumMs.get((i - 1) % 4)).isLessThan(10_000);
            }
            // and the retries are counted: every 503 a retryable attempt, every round of four a failed delivery
            assertThat(counter("alerts.delivery.attempts", "retryable") - retryableBefore).isGreaterThanOrEqualTo(refused);
            assertThat(counter("alerts.deliveries", "failed") - failedBefore).isGreaterThanOrEqualTo(Math.max(1, refused / 4));
        }
    }

    private static List<String> fingerprints(WebhookReceiver.Request request) {
        List<String> fingerprints = new ArrayList<>();
        request.json().get("alerts").forEach(a -> fingerprints.add(a.get("fingerprint").asString()));
        return fingerprints;
    }

    @Test
    void shouldRepeatUnacknowledgedAlertOnceAndStopAfterAcknowledgement() throws Exception {
        // given (other tests' alerts of the region may travel in the same messages: only this one is followed)
        String region = regions().get(2);
        String icb = firstIcbOf(region);
        String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.DEFER_PILOTS, null);
        String laterId = AlertIds.of("icb_participation", icb, CollectiveAction.END_VOLUNTARY_SERVICES, null);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(ADMIN, region, receiver.url(), "repeat-secret-123", false);
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.DEFER_PILOTS, 0.7));
            JsonNode first = alertIn(receiver.await(1, r -> alertIn(r, alertId) != null).get(0), alertId);

            // when: a repeat interval (1h) passes unacknowledged
            clock.advance(Duration.ofHours(1));

            // then: one repeat of the same episode
            JsonNode repeat = alertIn(receiver.await(2, r -> alertIn(r, alertId) != null).get(1), alertId);
            assertThat(repeat.get("startsAt").asString()).isEqualTo(first.get("startsAt").asString());
            assertThat(repeat.get("status").asString()).isEqualTo("firing");

            // when: acknowledged, and another interval passes, and a second alert of the area fires
            AlertsApiResponse ack = AlertsApiResponse.of(api.post("/api/v1/alerts/" + alertId + "/ack", ADMIN,
                    Map.of("by", "on-call " + region, "comment", "talking to the LMC")));
            assertThat(ack.status()).isEqualTo(200);
            assertThat(ack.json().get("acknowledgedBy").asString()).isEqualTo("on-call " + region);
            int seen = receiver.requests().size();
            clock.advance(Duration.ofHours(1));
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.END_VOLUNTARY_SERVICES, 0.65));

            // then: the message that carries the new alert would also carry a due repeat; none carries it
            receiver.await(1, r -> alertIn(r, laterId) != null);
            awaitTicks(3);
            List<WebhookReceiver.Request> after = receiver.requests().subList(seen, receiver.requests().size());
            assertThat(after).isNotEmpty().noneMatch(r -> alertIn(r, alertId) != null);
            assertThat(after.stream().filter(r -> alertIn(r, laterId) != null)).hasSize(1);
        }
    }

    @Test
    void shouldEscalateCriticalAlertToEscalationContactsOnlyWhenUnacknowledgedForEscalateAfter() throws Exception {
        // given: a normal and an escalation subscription on the same region
        String region = regions().get(3);
        String icb = firstIcbOf(region);
        try (WebhookReceiver team = new WebhookReceiver(); WebhookReceiver escalation = new WebhookReceiver()) {
            subscribe(ADMIN, region, team.url(), "team-secret-123", false);
            subscribe(ADMIN, region, escalation.url(), "escalation-secret", true);

            // when: every practice of the ICB takes the action: CRITICAL (the reasonable worst case, 1.0)
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.STOP_RATIONING_REFERRALS, 1.0));

            // then: the team hears it at once; the escalation contacts do not yet (other tests' alerts of the
            // region, escalated long ago on this test clock, may come to the new subscription: only this one is followed)
            String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.STOP_RATIONING_REFERRALS, null);
            JsonNode alert = alertIn(team.await(1, r -> alertIn(r, alertId) != null).get(0), alertId);
            assertThat(alert.get("labels").get("severity").asString()).isEqualTo("critical");
            awaitTicks(3);
            assertThat(escalation.requests()).noneMatch(r -> alertIn(r, alertId) != null);

            // when: 30 minutes pass unacknowledged
            clock.advance(Duration.ofMinutes(30));

            // then
            JsonNode escalated = alertIn(escalation.await(1, r -> alertIn(r, alertId) != null).get(0), alertId);
            assertThat(escalated.get("fingerprint").asString()).isEqualTo(alert.get("fingerprint").asString());
            assertThat(escalated.get("annotations").get("escalation").asString()).startsWith("CRITICAL and unacknowledged since");
        }
    }

    @Test
    void shouldNotEscalateCriticalAlertWhenAcknowledgedBeforeEscalateAfter() throws Exception {
        // given: two CRITICAL alerts of one ICB (every practice takes each action, the worst case 1.0); one is acknowledged
        String region = regions().get(3);
        String icb = icbsOf(region).get(1);
        String acknowledged = AlertIds.of("icb_participation", icb, CollectiveAction.DEFER_PILOTS, null);
        String unacknowledged = AlertIds.of("icb_participation", icb, CollectiveAction.WITHDRAW_SECONDARY_USE_SHARING, null);
        try (WebhookReceiver team = new WebhookReceiver(); WebhookReceiver escalation = new WebhookReceiver()) {
            subscribe(ADMIN, region, team.url(), "team-secret-ack-1", false);
            subscribe(ADMIN, region, escalation.url(), "escalation-secret-ack", true);
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.DEFER_PILOTS, 1.0));
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.WITHDRAW_SECONDARY_USE_SHARING, 1.0));
            team.await(1, r -> alertIn(r, acknowledged) != null);
            team.await(1, r -> alertIn(r, unacknowledged) != null);
            assertThat(AlertsApiResponse.of(api.post("/api/v1/alerts/" + acknowledged + "/ack", ADMIN,
                    Map.of("by", "on-call " + region, "comment", "on it"))).status()).isEqualTo(200);

            // when: 30 minutes pass
            clock.advance(Duration.ofMinutes(30));

            // then: the unacknowledged one is escalated; the acknowledged one never is (not with it, not after it)
            escalation.await(1, r -> alertIn(r, unacknowledged) != null);
            awaitTicks(3);
            assertThat(escalation.requests()).noneMatch(r -> alertIn(r, acknowledged) != null);
        }
    }

    @Test
    void shouldEscalateOnlyCriticalAlertsWhenWarningAlertIsUnacknowledgedForEscalateAfter() throws Exception {
        // given: a WARNING (0.6: warning 0.5, critical 1.0) and a CRITICAL alert of one ICB, neither acknowledged
        String region = regions().get(3);
        String icb = icbsOf(region).get(2);
        String warning = AlertIds.of("icb_participation", icb, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, null);
        String critical = AlertIds.of("icb_participation", icb, CollectiveAction.END_VOLUNTARY_SERVICES, null);
        try (WebhookReceiver team = new WebhookReceiver(); WebhookReceiver escalation = new WebhookReceiver()) {
            subscribe(ADMIN, region, team.url(), "team-secret-warn-1", false);
            subscribe(ADMIN, region, escalation.url(), "escalation-secret-warn", true);
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, 0.6));
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.END_VOLUNTARY_SERVICES, 1.0));
            assertThat(alertIn(team.await(1, r -> alertIn(r, warning) != null).get(0), warning).get("labels").get("severity").asString())
                    .isEqualTo("warning");
            team.await(1, r -> alertIn(r, critical) != null);

            // when: 30 minutes pass unacknowledged
            clock.advance(Duration.ofMinutes(30));

            // then: only the CRITICAL one reaches the escalation contacts
            escalation.await(1, r -> alertIn(r, critical) != null);
            awaitTicks(3);
            assertThat(escalation.requests()).noneMatch(r -> alertIn(r, warning) != null);
        }
    }

    private List<String> icbsOf(String region) {
        return directory.areas().stream().filter(a -> a.kind() == uk.nhs.impactmonitor.domain.directory.AreaKind.ICB
                && region.equals(a.parent())).map(uk.nhs.impactmonitor.domain.directory.Area::code).sorted().toList();
    }

    @Test
    void shouldMuteSilencedAlertAndTellSubscribersWhenSilenceIsMadeAndWhenItEnds() throws Exception {
        // given: a region's team silences one of its ICBs for an hour
        String region = regions().get(4);
        String icb = firstIcbOf(region);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(ADMIN, region, receiver.url(), "silence-secret-1", false);
            AlertsApiResponse created = AlertsApiResponse.of(api.post("/api/v1/silences", ADMIN, Map.of(
                    "matchers", Map.of("area", icb), "until", clock.instant().plus(Duration.ofHours(1)).toString(),
                    "by", "duty manager", "comment", "known: LMC ballot day")));
            assertThat(created.status()).isEqualTo(201);
            String silenceId = created.json().get("silenceId").asString();
            JsonNode made = receiver.await(1).get(0).json().get("alerts").get(0);
            assertThat(made.get("labels").get("alertname").asString()).isEqualTo("SilenceCreated");
            assertThat(made.get("labels").get("silenceId").asString()).isEqualTo(silenceId);
            assertThat(made.get("annotations").get("silencedBy").asString()).isEqualTo("duty manager");
            assertThat(made.get("annotations").get("comment").asString()).isEqualTo("known: LMC ballot day");

            // when: the ICB crosses the rule while silenced
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.FREEZE_NEW_DATA_SHARING, 0.8));
            JsonNode shown = awaitAlert(a -> a.get("area").asString().equals(icb) && a.get("state").asString().equals("FIRING"));
            awaitTicks(3);

            // then: muted
            assertThat(shown.get("silencedUntil")).isNotNull();
            assertThat(receiver.requests()).hasSize(1);

            // when: the silence ends
            clock.advance(Duration.ofHours(2));

            // then: the end is announced and the alert, still firing, is heard: not before the end
            String alertId = shown.get("alertId").asString();
            receiver.await(1, r -> r.json().get("alerts").findValues("fingerprint").stream().anyMatch(f -> f.asString().equals(alertId)));
            receiver.await(1, r -> r.json().get("alerts").findValues("alertname").stream().anyMatch(n -> n.asString().equals("SilenceEnded")));
            List<WebhookReceiver.Request> requests = receiver.requests();
            List<String> names = new ArrayList<>();
            int firstAlert = -1;
            int ended = -1;
            for (int i = 1; i < requests.size(); i++) {
                for (JsonNode a : requests.get(i).json().get("alerts")) {
                    String name = a.get("labels").get("alertname").asString();
                    names.add(name);
                    firstAlert = firstAlert < 0 && name.equals("icb_participation") ? i : firstAlert;
                    ended = ended < 0 && name.equals("SilenceEnded") ? i : ended;
                }
            }
            assertThat(names).containsExactlyInAnyOrder("SilenceEnded", "icb_participation");
            assertThat(firstAlert).isGreaterThanOrEqualTo(ended);
        }
    }

    @Test
    void shouldNotifyEscalationToCriticalAndThenResolutionOfSameAlert() throws Exception {
        // given: a firing WARNING in an ICB of the second region
        String region = regions().get(1);
        String icb = firstIcbOf(region);
        String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.SWITCH_OFF_MEDICINES_OPTIMISATION, null);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(ADMIN, region, receiver.url(), "lifecycle-secret", false);
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.SWITCH_OFF_MEDICINES_OPTIMISATION, 0.6));
            JsonNode warning = alertIn(receiver.await(1, r -> hasAlert(r, alertId, "firing", "warning")).get(0), alertId);

            // when: every practice takes the action the next day (CRITICAL at 1.0), then 0.3 the day after (under clear 0.4)
            indicators.send(Indicators.participation(icb, DAY.plusDays(1), CollectiveAction.SWITCH_OFF_MEDICINES_OPTIMISATION, 1.0));
            JsonNode critical = alertIn(receiver.await(1, r -> hasAlert(r, alertId, "firing", "critical")).get(0), alertId);
            indicators.send(Indicators.participation(icb, DAY.plusDays(2), CollectiveAction.SWITCH_OFF_MEDICINES_OPTIMISATION, 0.3));
            JsonNode resolved = alertIn(receiver.await(1, r -> hasAlert(r, alertId, "resolved", "critical")).get(0), alertId);

            // then: one alert, one episode, told three times
            assertThat(critical.get("startsAt").asString()).isEqualTo(warning.get("startsAt").asString());
            assertThat(critical.get("annotations").get("threshold").asString()).isEqualTo("1.0");
            assertThat(resolved.get("startsAt").asString()).isEqualTo(warning.get("startsAt").asString());
            assertThat(resolved.get("endsAt").asString()).isNotEqualTo("0001-01-01T00:00:00Z");
            assertThat(resolved.get("annotations").get("value").asString()).isEqualTo("0.3");
            JsonNode shown = api.get("/api/v1/alerts/" + alertId, ADMIN).json();
            assertThat(shown.get("state").asString()).isEqualTo("RESOLVED");
            assertThat(shown.get("endsAt").asString()).isEqualTo(resolved.get("endsAt").asString());
        }
    }

    @Test
    void shouldSendOneNotificationWhenValueFlapsAroundThreshold() throws Exception {
        // given
        String region = regions().get(2);
        String icb = firstIcbOf(region);
        String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, null);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(ADMIN, region, receiver.url(), "flapping-secret", false);

            // when: 0.51, 0.49, 0.51, ... for ten days around the 0.5 threshold (clear is under 0.4), each day
            // judged and looked at by the dispatcher before the next arrives
            for (int day = 0; day < 10; day++) {
                double value = day % 2 == 0 ? 0.51 : 0.49;
                String expectedDay = DAY.plusDays(day).toString();
                indicators.send(Indicators.participation(icb, DAY.plusDays(day), CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, value));
                awaitAlert(a -> a.get("alertId").asString().equals(alertId) && a.get("day").asString().equals(expectedDay));
                awaitTicks(2);
            }
            awaitTicks(3);

            // then: one alert, one notification about it, still firing
            List<WebhookReceiver.Request> about = receiver.requests().stream().filter(r -> alertIn(r, alertId) != null).toList();
            assertThat(about).hasSize(1);
            assertThat(alertIn(about.get(0), alertId).get("status").asString()).isEqualTo("firing");
            assertThat(api.get("/api/v1/alerts/" + alertId, ADMIN).json().get("state").asString()).isEqualTo("FIRING");
        }
    }

    private static boolean hasAlert(WebhookReceiver.Request request, String alertId, String status, String severity) {
        JsonNode alert = alertIn(request, alertId);
        return alert != null && alert.get("status").asString().equals(status) && alert.get("labels").get("severity").asString().equals(severity);
    }

    private static JsonNode alertIn(WebhookReceiver.Request request, String alertId) {
        for (JsonNode alert : request.json().get("alerts")) {
            if (alert.get("fingerprint").asString().equals(alertId)) {
                return alert;
            }
        }
        return null;
    }

    private double counter(String name, String outcome) {
        var counter = meters.find(name).tag("channel", "webhook").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    record AlertsApiResponse(int status, JsonNode json) {
        static AlertsApiResponse of(uk.nhs.impactmonitor.alerts.support.AlertsApi.Response response) {
            return new AlertsApiResponse(response.status(), response.json());
        }
    }
}
