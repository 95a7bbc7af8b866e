package uk.nhs.impactmonitor.alerts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/** The HTTP API of api.md: validation naming the field, who may do what, rules, and dead letters on the way in. */
class AlertsApiIntegrationTest extends AlertsServiceIntegrationSupport {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 2);

    private static List<String> fields(AlertsApi.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    @Test
    void shouldAnswer401ProblemWhenNoCredentialIsSent() {
        // when
        AlertsApi.Response response = api.get("/api/v1/alerts", "not-a-known-token");

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("title").asString()).isEqualTo("Authentication required");
    }

    @Test
    void shouldShowRulesWithThresholdsPerLevelScopeAndBasis() {
        // when
        JsonNode rules = api.get("/api/v1/rules", ICB_QKK).json();

        // then
        JsonNode participation = find(rules, "icb_participation");
        assertThat(participation.get("indicator").asString()).isEqualTo("participation_rate");
        assertThat(participation.get("scope").asString()).isEqualTo("ICB");
        assertThat(participation.get("direction").asString()).isEqualTo("ABOVE");
        assertThat(participation.get("warning").asDouble()).isEqualTo(0.5);
        assertThat(participation.get("critical").asDouble()).isEqualTo(1.0);
        assertThat(participation.get("clear").asDouble()).isEqualTo(0.4);
        // critical-clear defaults to critical moved by the warning-to-clear gap: 1.0 - (0.5 - 0.4) = 0.9
        assertThat(participation.get("criticalClear").asDouble()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(participation.get("for").asInt()).isEqualTo(1);
        assertThat(participation.get("rationale").asString()).isNotBlank();
        JsonNode agDropoff = find(rules, "icb_ag_dropoff");
        assertThat(agDropoff.get("for").asInt()).isEqualTo(3);
        assertThat(agDropoff.get("minPracticeDays").asLong()).isEqualTo(100);
        assertThat(agDropoff.get("minReportingCompleteness").asDouble()).isEqualTo(0.5);
        assertThat(participation.has("minReportingCompleteness")).isFalse();
        JsonNode ears = find(rules, "icb_urgent_care_diversions_aberration");
        assertThat(ears.get("type").asString()).isEqualTo("EARS_C2");
        assertThat(ears.get("ears").get("baselineDays").asInt()).isEqualTo(7);
        assertThat(ears.get("ears").get("guardDays").asInt()).isEqualTo(2);
        assertThat(ears.get("ears").get("warningSigmas").asDouble()).isEqualTo(3.0);
        assertThat(ears.get("ears").get("minSigma").asDouble()).isEqualTo(0.05);
        rules.forEach(rule -> assertThat(rule.get("rationale")).as("rationale of " + rule.get("name")).isNotNull());
    }

    @Test
    void shouldShowWhetherEachRuleIncludesProvisionalValuesAndWhichNumberItJudges() {
        // when
        JsonNode rules = api.get("/api/v1/rules", ICB_QKK).json();

        // then: api.md's names and words: includeProvisional, judge value|low|high
        assertThat(find(rules, "icb_ag_dropoff").get("judge").asString()).isEqualTo("value");
        assertThat(find(rules, "england_ag_dropoff").get("judge").asString()).isEqualTo("low");
        assertThat(find(rules, "icb_reporting_gap").get("includeProvisional").asBoolean()).isFalse();
        rules.forEach(rule -> {
            assertThat(rule.get("includeProvisional").isBoolean()).as("includeProvisional of " + rule.get("name")).isTrue();
            assertThat(rule.get("judge").asString()).as("judge of " + rule.get("name")).isIn("value", "low", "high");
        });
    }

    @Test
    void shouldRefuseSubscriptionNamingEveryBadField() {
        // when
        AlertsApi.Response response = api.post("/api/v1/subscriptions", ADMIN,
                Map.of("area", "NOPE", "webhook", Map.of("url", "ftp://example/hook", "secret", "short"), "email", "not-an-address"));
        AlertsApi.Response neither = api.post("/api/v1/subscriptions", ADMIN, Map.of("area", "Y56"));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactlyInAnyOrder("area", "webhook.url", "webhook.secret", "email");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(fields(neither)).containsExactly("webhook");
    }

    @Test
    void shouldRefuseWebhookToMetadataLinkLocalOrPrivateAddressWithProblemNamingWebhookUrl() {
        // given: the SSRF guard's defaults, with loopback allowed as in every development run
        List<String> refused = List.of("http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
                "http://metadata.google.internal/computeMetadata/v1/", "http://169.254.10.10/hook", "http://[fe80::1]/hook",
                "http://10.0.0.8/hook", "gopher://127.0.0.1/hook");

        for (String url : refused) {
            // when
            AlertsApi.Response response = api.post("/api/v1/subscriptions", ADMIN,
                    Map.of("area", "Y56", "webhook", Map.of("url", url, "secret", "ssrf-secret-1")));

            // then
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(fields(response)).as(url).containsExactly("webhook.url");
        }
        assertThat(api.get("/api/v1/subscriptions", ADMIN).body()).doesNotContain("169.254", "metadata", "10.0.0.8");
    }

    @Test
    void shouldLetRegionAndIcbManageOnlyTheirOwnSubscriptionsAndNeverShowSecrets() {
        // given
        Map<String, Object> webhook = Map.of("url", "http://127.0.0.1:9/hook", "secret", "qkk-secret-value");

        // when
        AlertsApi.Response icbOwn = api.post("/api/v1/subscriptions", ICB_QKK, Map.of("area", "QKK", "webhook", webhook));
        AlertsApi.Response icbRegion = api.post("/api/v1/subscriptions", ICB_QKK, Map.of("area", "Y56", "webhook", webhook));
        AlertsApi.Response regionOther = api.post("/api/v1/subscriptions", REGION_Y56, Map.of("area", regions().get(6), "webhook", webhook));
        AlertsApi.Response practice = api.post("/api/v1/subscriptions", "dev-practice-Z00001", Map.of("area", "QKK", "webhook", webhook));
        AlertsApi.Response listed = api.get("/api/v1/subscriptions", REGION_Y56);

        // then
        assertThat(icbOwn.status()).isEqualTo(201);
        assertThat(icbRegion.status()).isEqualTo(403);
        assertThat(regionOther.status()).isEqualTo(403);
        assertThat(practice.status()).isEqualTo(403);
        String id = icbOwn.json().get("subscriptionId").asString();
        assertThat(listed.body()).contains(id).doesNotContain("qkk-secret-value");

        // when: deleted, it is gone
        assertThat(api.delete("/api/v1/subscriptions/" + id, REGION_Y56).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/subscriptions/" + id, ADMIN).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseSilenceNamingEveryBadFieldAndLetRegionSilenceOnlyItsOwnAreas() {
        // when
        AlertsApi.Response empty = api.post("/api/v1/silences", ADMIN, Map.of());
        AlertsApi.Response bad = api.post("/api/v1/silences", ADMIN, Map.of("matchers", Map.of("rule", "no_such_rule", "area", "NOPE",
                "indicator", "no_such_indicator"), "until", "2020-01-01T00:00:00Z", "by", "me"));
        AlertsApi.Response everywhere = api.post("/api/v1/silences", REGION_Y56, Map.of("matchers", Map.of("rule", "icb_participation"),
                "until", clock.instant().plus(Duration.ofHours(1)).toString(), "by", "London"));
        AlertsApi.Response icb = api.post("/api/v1/silences", ICB_QKK, Map.of("matchers", Map.of("area", "QKK"),
                "until", clock.instant().plus(Duration.ofHours(1)).toString(), "by", "QKK"));
        AlertsApi.Response unreadable = api.post("/api/v1/silences", ADMIN, "{\"matchers\":{\"area\":\"QKK\"},\"until\":\"tomorrow\",\"by\":\"x\"}");

        // then
        assertThat(empty.status()).isEqualTo(400);
        assertThat(fields(empty)).containsExactlyInAnyOrder("matchers", "until", "by");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("matchers.rule", "matchers.area", "matchers.indicator", "until");
        assertThat(everywhere.status()).isEqualTo(403);
        assertThat(icb.status()).isEqualTo(403);
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(fields(unreadable)).containsExactly("until");
    }

    @Test
    void shouldShowAlertsOnlyToThoseWhoMayReadTheirAreaAndLetOnlyRegionAcknowledge() {
        // given: an alert in QKK (London) and one in an ICB of another region
        // the last region: no other test subscribes to it, so these alerts reach nobody's receiver
        String otherIcb = firstIcbOf(regions().get(6));
        indicators.send(Indicators.participation("QKK", DAY, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, 0.6));
        indicators.send(Indicators.participation(otherIcb, DAY, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, 0.6));
        String qkkAlert = AlertIds.of("icb_participation", "QKK", CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, null);
        String otherAlert = AlertIds.of("icb_participation", otherIcb, CollectiveAction.SWITCH_OFF_GPCONNECT_CODING, null);
        awaitAlert(a -> a.get("alertId").asString().equals(qkkAlert));
        awaitAlert(a -> a.get("alertId").asString().equals(otherAlert));

        // when
        String icbSees = api.get("/api/v1/alerts", ICB_QKK).body();
        String regionSees = api.get("/api/v1/alerts?state=FIRING&severity=WARNING", REGION_Y56).body();
        AlertsApi.Response otherArea = api.get("/api/v1/alerts?area=" + otherIcb, REGION_Y56);
        AlertsApi.Response badState = api.get("/api/v1/alerts?state=BURNING", ADMIN);
        AlertsApi.Response icbAck = api.post("/api/v1/alerts/" + qkkAlert + "/ack", ICB_QKK, Map.of("by", "QKK planner"));
        AlertsApi.Response noBy = api.post("/api/v1/alerts/" + qkkAlert + "/ack", REGION_Y56, Map.of("comment", "on it"));
        AlertsApi.Response unknown = api.post("/api/v1/alerts/0000/ack", REGION_Y56, Map.of("by", "London"));
        AlertsApi.Response ack = api.post("/api/v1/alerts/" + qkkAlert + "/ack", REGION_Y56, Map.of("by", "London on-call", "comment", "calling the ICB"));

        // then
        assertThat(icbSees).contains(qkkAlert).doesNotContain(otherAlert);
        assertThat(regionSees).contains(qkkAlert).doesNotContain(otherAlert);
        assertThat(otherArea.status()).isEqualTo(403);
        assertThat(badState.status()).isEqualTo(400);
        assertThat(fields(badState)).containsExactly("state");
        assertThat(icbAck.status()).isEqualTo(403);
        assertThat(noBy.status()).isEqualTo(400);
        assertThat(fields(noBy)).containsExactly("by");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().get("acknowledgedBy").asString()).isEqualTo("London on-call");
        assertThat(ack.json().get("acknowledgementComment").asString()).isEqualTo("calling the ICB");
        assertThat(api.get("/api/v1/alerts/" + qkkAlert, ICB_QKK).json().get("acknowledgedBy").asString()).isEqualTo("London on-call");
    }

    @Test
    void shouldDeadLetterUnreadableIndicatorWithReasonAndCarryOn() {
        // given
        String icb = firstIcbOf(regions().get(6));
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlq-reader", true);
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            dlq.subscribe(List.of("impact-indicators.dlq"));

            // when: garbage, then a good value
            indicators.sendRaw(icb + "/2024-08-02/participation_rate", "{not json".getBytes(StandardCharsets.UTF_8));
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.DEFER_PILOTS, 0.9));

            // then
            ConsumerRecord<String, byte[]> dead = KafkaTestUtils.getSingleRecord(dlq, "impact-indicators.dlq", Duration.ofSeconds(30));
            assertThat(dead.key()).isEqualTo(icb + "/2024-08-02/participation_rate");
            assertThat(new String(dead.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                    .startsWith("not a readable IndicatorValue");
            assertThat(new String(dead.headers().lastHeader("dlq.source.topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo("impact-indicators");
            String alertId = AlertIds.of("icb_participation", icb, CollectiveAction.DEFER_PILOTS, null);
            awaitAlert(a -> a.get("alertId").asString().equals(alertId) && a.get("state").asString().equals("FIRING"));
        }
    }

    @Test
    void shouldListSilencesWithWhoAndWhyAndEndThemEarlyOnRecord() {
        // given: admin silences an ICB of the last region
        String icb = firstIcbOf(regions().get(6));
        AlertsApi.Response created = api.post("/api/v1/silences", ADMIN, Map.of("matchers", Map.of("area", icb, "rule", "icb_participation"),
                "until", clock.instant().plus(Duration.ofDays(1)).toString(), "by", "national duty manager", "comment", "data feed outage"));
        String silenceId = created.json().get("silenceId").asString();

        // when
        String listed = api.get("/api/v1/silences", ADMIN).body();
        AlertsApi.Response londonEnds = api.delete("/api/v1/silences/" + silenceId, REGION_Y56);
        AlertsApi.Response ended = api.delete("/api/v1/silences/" + silenceId, ADMIN);

        // then
        assertThat(created.status()).isEqualTo(201);
        assertThat(listed).contains(silenceId).contains("national duty manager").contains("data feed outage");
        assertThat(londonEnds.status()).isEqualTo(403);
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().get("endedBy").asString()).isEqualTo("dev admin");
        assertThat(java.time.Instant.parse(ended.json().get("until").asString())).isBeforeOrEqualTo(clock.instant());
        assertThat(ended.json().get("by").asString()).isEqualTo("national duty manager");
    }

    @Test
    void shouldReportHealthUpOnceStateIsReadBackAndReplayIsOver() {
        // when
        AlertsApi.Response health = api.get("/actuator/health", ADMIN);

        // then
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldExposeFiringAndDeliveryMetricsForPrometheus() throws Exception {
        // given: a firing CRITICAL alert in an ICB of the last region, and one delivery to a webhook of ours
        String icb = firstIcbOf(regions().get(6));
        try (uk.nhs.impactmonitor.alerts.support.WebhookReceiver receiver = new uk.nhs.impactmonitor.alerts.support.WebhookReceiver()) {
            subscribe(ADMIN, icb, receiver.url(), "metrics-secret", false);
            indicators.send(Indicators.participation(icb, DAY, CollectiveAction.WITHDRAW_SECONDARY_USE_SHARING, 1.0));
            receiver.await(1);
            awaitTicks(2);

            // when
            String metrics = api.get("/actuator/prometheus", ADMIN).body();

            // then
            assertThat(metrics).contains("alerts_firing{area=\"" + icb + "\",service=\"alerts-service\",severity=\"CRITICAL\"}");
            assertThat(metrics).contains("alerts_deliveries_total{channel=\"webhook\",outcome=\"delivered\",service=\"alerts-service\"}");
            assertThat(metrics).contains("alerts_delivery_attempts_total{channel=\"webhook\",outcome=\"ok\",service=\"alerts-service\"}");
        }
    }

    @Test
    void shouldPublishOpenApiDocumentOfTheAlertsApi() {
        // when
        AlertsApi.Response docs = api.get("/v3/api-docs", "none-needed");

        // then
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths.has("/api/v1/alerts")).isTrue();
        assertThat(paths.has("/api/v1/alerts/{alertId}/ack")).isTrue();
        assertThat(paths.has("/api/v1/silences")).isTrue();
        assertThat(paths.has("/api/v1/rules")).isTrue();
        assertThat(paths.has("/api/v1/subscriptions")).isTrue();
    }

    private static JsonNode find(JsonNode rules, String name) {
        for (JsonNode rule : rules) {
            if (rule.get("name").asString().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + name + " in " + rules);
    }
}
