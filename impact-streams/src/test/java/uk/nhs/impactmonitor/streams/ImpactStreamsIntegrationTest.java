package uk.nhs.impactmonitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * impact-streams on a real KRaft broker, read through its HTTP API with dev credentials. The baseline is
 * 2024-07-25..2024-07-31; Z00001 (ICB QKK, region Y56) and one other QKK practice report.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=impact-streams",
        "monitor.security.dev-credentials=true",
        "monitor.baseline.from=2024-07-25",
        "monitor.baseline.to=2024-07-31",
        "monitor.streams.state-dir=${java.io.tmpdir}/impact-streams-it-${random.uuid}"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// closes the service and the broker in order at the end of the class, rather than in racing JVM shutdown hooks
@DirtiesContext
class ImpactStreamsIntegrationTest {

    private static final LocalDate DAY = LocalDate.parse("2024-08-01");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    PracticeDirectory directory;

    Http http;
    KafkaTestClient kafka;
    String otherQkk;

    @BeforeAll
    void setUp() {
        http = new Http(port);
        kafka = new KafkaTestClient(broker.getBrokersAsString());
        otherQkk = directory.practicesIn("QKK").stream().map(p -> p.code()).filter(c -> !c.equals("Z00001")).findFirst().orElseThrow();
    }

    @AfterAll
    void tearDown() {
        kafka.close();
    }

    private JsonNode find(JsonNode values, String indicator, String action) {
        for (JsonNode value : values) {
            if (value.path("indicator").asString().equals(indicator)
                    && (action == null ? value.path("action").isMissingNode() : value.path("action").asString().equals(action))) {
                return value;
            }
        }
        return null;
    }

    private JsonNode awaitValue(String area, LocalDate day, String indicator, String action, String token,
                                java.util.function.Predicate<JsonNode> until) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.Response response = http.get("/api/v1/areas/" + area + "/indicators?day=" + day, token);
            if (response.status() != 200) {
                return false;
            }
            found[0] = find(response.json(), indicator, action);
            return found[0] != null && until.test(found[0]);
        });
        return found[0];
    }

    @Test
    void shouldServeParticipationOfANoticeThroughTheApiWhenANoticeIsPublished() {
        // given
        long practicesInQkk = directory.practicesIn("QKK").size();
        long patientsInQkk = directory.registeredPatients("QKK");
        int listZ00001 = directory.practice("Z00001").orElseThrow().listSize();

        // a report of QKK for DAY, so that DAY ≤ H and report-based values exist for it (indicators.md: none after H)
        kafka.send(ModelFixture.report("Z00001", DAY, 10, 100, 1, 2, 10, 3, 5));

        // when
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "it-n1", "Z00001", CollectiveAction.CAP_DAILY_CONTACTS, DAY, null));

        // then
        JsonNode participating = awaitValue("QKK", DAY, "participating_practices", "CAP_DAILY_CONTACTS", Http.ICB_QKK,
                v -> v.path("value").asDouble() == 1.0);
        assertThat(participating.path("practices").asLong()).isEqualTo(practicesInQkk);
        assertThat(participating.path("practiceDays").asLong()).isZero();
        // the shape of api.md: ISO day and instant, no metric on a participation value
        assertThat(participating.path("day").asString()).isEqualTo("2024-08-01");
        assertThat(java.time.Instant.parse(participating.path("updatedAt").asString())).isNotNull();
        assertThat(participating.has("metric")).isFalse();
        assertThat(participating.path("area").asString()).isEqualTo("QKK");
        JsonNode rate = awaitValue("QKK", DAY, "participation_rate", "CAP_DAILY_CONTACTS", Http.ICB_QKK, v -> true);
        assertThat(rate.path("value").asDouble()).isCloseTo(1.0 / practicesInQkk, within(1e-12));
        JsonNode covered = awaitValue("QKK", DAY, "patients_covered_rate", "CAP_DAILY_CONTACTS", Http.ICB_QKK, v -> true);
        assertThat(covered.path("value").asDouble()).isCloseTo((double) listZ00001 / patientsInQkk, within(1e-12));
        // no practice of another ICB ever reports in this class: its capped share is absent, a present null
        String quietIcb = directory.areas().stream().filter(a -> a.kind() == uk.nhs.impactmonitor.domain.directory.AreaKind.ICB)
                .map(a -> a.code()).filter(c -> !c.equals("QKK")).findFirst().orElseThrow();
        JsonNode capped = awaitValue(quietIcb, DAY, "capped_session_share", null, Http.ADMIN, v -> true);
        assertThat(capped.has("value")).isTrue();
        assertThat(capped.path("value").isNull()).isTrue();
        assertThat(capped.path("practiceDays").asLong()).isZero();
        assertThat(capped.has("low")).isTrue();
        assertThat(capped.path("low").isNull()).isTrue();
        assertThat(capped.path("provisional").asBoolean()).isFalse();
        JsonNode national = awaitValue("ENG", DAY, "participating_practices", "CAP_DAILY_CONTACTS", Http.ADMIN,
                v -> v.path("value").asDouble() == 1.0);
        assertThat(national.path("area").asString()).isEqualTo("ENG");
    }

    @Test
    void shouldServeReportIndicatorsAndSeriesAsJsonAndCsvWhenReportsArrive() {
        // given: both practices report 10 A&G requests a day in the baseline, Z00001 reports 0 on a day whose
        // window W(day) = 2024-08-03..09 holds no other report (Friday 9 August: version 1 of this test used Saturday
        // 10 August, on which version 2 has no completeness and no working day for the diversions rate)
        LocalDate day = LocalDate.parse("2024-08-09");
        int listA = directory.practice("Z00001").orElseThrow().listSize();
        int listB = directory.practice(otherQkk).orElseThrow().listSize();
        for (LocalDate d = LocalDate.parse("2024-07-25"); !d.isAfter(LocalDate.parse("2024-07-31")); d = d.plusDays(1)) {
            kafka.send(ModelFixture.report("Z00001", d, 10, 100, 1, 2, 10, 3, 5));
            kafka.send(ModelFixture.report(otherQkk, d, 10, 100, 1, 2, 10, 3, 5));
        }

        // when
        kafka.send(ModelFixture.report("Z00001", day, 10, 250, 4, 6, 0, 3, 5));

        // then W(day) holds only Z00001's report on day (a Friday): O = 0 against E = listA·20/(listA + listB) > 0, so
        // ag_dropoff = 1; R = 0 and every o_i = 0, so every z_i = 0: the interval is [1, 1]. Basis: n = 2 practices
        // with a report in W(d) or B, 1 report in W(d) (version 1 counted the 14 baseline reports too)
        JsonNode dropoff = awaitValue("QKK", day, "ag_dropoff", null, Http.REGION_Y56, v -> v.path("value").asDouble() == 1.0);
        assertThat(dropoff.path("value").asDouble()).isEqualTo(1.0);
        assertThat(dropoff.path("low").asDouble()).isEqualTo(1.0);
        assertThat(dropoff.path("high").asDouble()).isEqualTo(1.0);
        assertThat(dropoff.path("practices").asLong()).isEqualTo(2);
        assertThat(dropoff.path("practiceDays").asLong()).isEqualTo(1);
        // H = day (the latest report), L = 3: day is provisional
        assertThat(dropoff.path("provisional").asBoolean()).isTrue();
        JsonNode contacts = awaitValue("QKK", day, "contacts_per_session", null, Http.ICB_QKK, v -> !v.path("value").isNull());
        assertThat(contacts.path("value").asDouble()).isEqualTo(25.0);
        JsonNode diversions = awaitValue("QKK", day, "urgent_care_diversions_rate", null, Http.ICB_QKK, v -> !v.path("value").isNull());
        assertThat(diversions.path("value").asDouble()).isCloseTo(1000.0 * 6 / listA, within(1e-9));
        JsonNode completeness = awaitValue("QKK", day, "reporting_completeness", null, Http.ICB_QKK, v -> !v.path("value").isNull());
        assertThat(completeness.path("value").asDouble()).isCloseTo(1.0 / directory.practicesIn("QKK").size(), within(1e-12));
        assertThat(listB).isPositive();

        // the horizon and the default day of the indicators: H
        JsonNode horizon = http.get("/api/v1/horizon", Http.PRACTICE_Z00001).json();
        assertThat(horizon.path("horizon").asString()).isEqualTo("2024-08-09");
        assertThat(horizon.path("reportingLagDays").asInt()).isEqualTo(3);
        assertThat(horizon.path("latestSettledDay").asString()).isEqualTo("2024-08-06");
        JsonNode latest = http.get("/api/v1/areas/QKK/indicators", Http.ICB_QKK).json();
        assertThat(latest.size()).isPositive();
        latest.forEach(value -> assertThat(value.path("day").asString()).isEqualTo("2024-08-09"));

        Http.Response series = http.get("/api/v1/areas/QKK/indicators/contacts_per_session?from=" + day + "&to=" + day, Http.ICB_QKK);
        assertThat(series.status()).isEqualTo(200);
        assertThat(series.json()).hasSize(1);
        assertThat(series.json().get(0).path("value").asDouble()).isEqualTo(25.0);
        assertThat(series.json().get(0).path("provisional").asBoolean()).isTrue();

        Http.Response csv = http.get("/api/v1/areas/QKK/indicators/ag_dropoff?from=" + day + "&to=" + day, Http.ICB_QKK, "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("indicator,action,metric,area,day,value,low,high,provisional,practices,practiceDays,updatedAt\r\n");
        assertThat(csv.body()).contains("ag_dropoff,,,QKK," + day + ",1.0,1.0,1.0,true,2,1,");
        await().atMost(WAIT).until(() -> http.get("/actuator/prometheus", null, "text/plain").body()
                .contains("impact_indicator_high{action=\"none\",area=\"QKK\",indicator=\"ag_dropoff\",metric=\"none\",service=\"impact-streams\"} 1.0"));
    }

    @Test
    void shouldServeAnAreasDailyAppointmentTotalsAsJsonAndCsvWhenTheFeedArrives() {
        // given two sub-ICB-days of one of QKK's sub-ICB locations, the first sent twice (the later counts replace it)
        String subIcb = directory.practice("Z00001").orElseThrow().subIcbCode();
        kafka.send(Topics.AREA_APPOINTMENTS.name(), subIcb + "/2024-06-03", appointments(subIcb, "2024-06-03", 999, 1));
        kafka.send(Topics.AREA_APPOINTMENTS.name(), subIcb + "/2024-06-03", appointments(subIcb, "2024-06-03", 1200, 500));
        kafka.send(Topics.AREA_APPOINTMENTS.name(), subIcb + "/2024-06-04", appointments(subIcb, "2024-06-04", 1100, 450));

        // when the feed's horizon H_a is 4 June
        await().atMost(WAIT).until(() -> "2024-06-04".equals(http.get("/api/v1/horizon", Http.ICB_QKK).json()
                .path("appointmentsHorizon").asString()));
        await().atMost(WAIT).until(() -> http.get("/api/v1/areas/QKK/appointments?from=2024-06-01&to=2024-06-30", Http.ICB_QKK)
                .json().size() == 2 && http.get("/api/v1/areas/QKK/appointments?from=2024-06-03&to=2024-06-03", Http.ICB_QKK)
                .json().get(0).path("all").asLong() == 1200);

        // then
        JsonNode days = http.get("/api/v1/areas/QKK/appointments?from=2024-06-01&to=2024-06-30", Http.ICB_QKK).json();
        assertThat(days.get(0).path("area").asString()).isEqualTo("QKK");
        assertThat(days.get(0).path("day").asString()).isEqualTo("2024-06-03");
        assertThat(days.get(0).path("all").asLong()).isEqualTo(1200);
        assertThat(days.get(0).path("gp").asLong()).isEqualTo(500);
        assertThat(days.get(0).path("subIcbs").asInt()).isEqualTo(1);
        assertThat(days.get(1).path("day").asString()).isEqualTo("2024-06-04");
        // without from/to: the 90 days up to H_a
        assertThat(http.get("/api/v1/areas/QKK/appointments", Http.ICB_QKK).json()).hasSize(2);
        Http.Response csv = http.get("/api/v1/areas/QKK/appointments?from=2024-06-01&to=2024-06-30", Http.ICB_QKK, "text/csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("area,day,all,gp,subIcbs\r\nQKK,2024-06-03,1200,500,1\r\nQKK,2024-06-04,1100,450,1\r\n");
        assertThat(http.get("/api/v1/areas/Y56/appointments", Http.ICB_QKK).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/areas/QKK/appointments?from=2024-06-05&to=2024-06-01", Http.ICB_QKK).status()).isEqualTo(400);
        // and the indicators exist up to H_a, not after
        Http.Response rate = http.get("/api/v1/areas/QKK/indicators/appointments_rate?from=2024-06-04&to=2024-06-05&metric=all",
                Http.ICB_QKK);
        assertThat(rate.status()).isEqualTo(200);
        assertThat(rate.json()).hasSize(1);
        assertThat(rate.json().get(0).path("day").asString()).isEqualTo("2024-06-04");
        assertThat(rate.json().get(0).path("metric").asString()).isEqualTo("all");
        assertThat(rate.json().get(0).path("provisional").asBoolean()).isFalse();
    }

    private static byte[] appointments(String subIcb, String day, long all, long gp) {
        return ("{\"schemaVersion\":1,\"subIcb\":\"" + subIcb + "\",\"day\":\"" + day + "\",\"all\":" + all + ",\"gp\":" + gp + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseCallersWithoutRightsToTheArea() {
        // when / then
        assertThat(http.get("/api/v1/areas/QKK/indicators", null).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/areas/Y56/indicators", Http.ICB_QKK).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/areas/ENG/indicators", Http.REGION_Y56).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/areas/QKK/indicators", Http.PRACTICE_Z00001).status()).isEqualTo(403);
        Http.Response unknown = http.get("/api/v1/areas/NOPE/indicators", Http.ADMIN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        Http.Response badIndicator = http.get("/api/v1/areas/QKK/indicators/made_up", Http.ADMIN);
        assertThat(badIndicator.status()).isEqualTo(400);
        assertThat(badIndicator.json().path("errors").get(0).path("field").asString()).isEqualTo("indicator");
        Http.Response badDay = http.get("/api/v1/areas/QKK/indicators?day=yesterday", Http.ADMIN);
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.json().path("errors").get(0).path("field").asString()).isEqualTo("day");
    }

    @Test
    void shouldListEveryAreaWithItsPracticesAndPatients() {
        // when
        Http.Response response = http.get("/api/v1/areas", Http.PRACTICE_Z00001);

        // then: England, 7 regions and 42 ICBs
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).hasSize(50);
        JsonNode england = response.json().get(0);
        assertThat(england.path("code").asString()).isEqualTo("ENG");
        assertThat(england.path("kind").asString()).isEqualTo("COUNTRY");
        assertThat(england.path("practices").asLong()).isEqualTo(directory.practices().size());
        JsonNode qkk = StreamSupport.stream(response.json().spliterator(), false)
                .filter(a -> a.path("code").asString().equals("QKK")).findFirst().orElseThrow();
        assertThat(qkk.path("parent").asString()).isEqualTo("Y56");
        assertThat(qkk.path("registeredPatients").asLong()).isEqualTo(directory.registeredPatients("QKK"));
    }

    @Test
    void shouldDeadLetterAPoisonRecordAndProcessTheNextWhenARecordIsUnreadable() {
        // given
        String poison = "{\"schemaVersion\":1,\"practiceCode\":\"Z00002\",\"day\":\"2024-08-05\",\"clinicianSessions\":\"many\"}";

        // when
        String brokenNotice = "{\"schemaVersion\":1,\"type\":\"DECLARED\"";
        kafka.send(Topics.PRACTICE_ACTIVITY.name(), "Z00002/2024-08-05", poison.getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.PRACTICE_NOTICES.name(), "Z00002", brokenNotice.getBytes(StandardCharsets.UTF_8));
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "it-after-poison", "Z00001", CollectiveAction.DEFER_PILOTS,
                LocalDate.parse("2024-08-03"), null));

        // then
        await().atMost(WAIT).until(() -> !kafka.readAll(Topics.PRACTICE_ACTIVITY.deadLetterTopic()).isEmpty());
        ConsumerRecord<String, byte[]> dead = kafka.readAll(Topics.PRACTICE_ACTIVITY.deadLetterTopic()).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(poison);
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.REASON)).contains("clinicianSessions");
        assertThat(DeadLetterHeaders.get(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("practice-activity");
        await().atMost(WAIT).until(() -> !kafka.readAll(Topics.PRACTICE_NOTICES.deadLetterTopic()).isEmpty());
        ConsumerRecord<String, byte[]> deadNotice = kafka.readAll(Topics.PRACTICE_NOTICES.deadLetterTopic()).get(0);
        assertThat(new String(deadNotice.value(), StandardCharsets.UTF_8)).isEqualTo(brokenNotice);
        assertThat(DeadLetterHeaders.get(deadNotice.headers(), DeadLetterHeaders.REASON)).startsWith("not a readable NoticeEvent");
        awaitValue("QKK", LocalDate.parse("2024-08-03"), "participating_practices", "DEFER_PILOTS", Http.ADMIN,
                v -> v.path("value").asDouble() == 1.0);
        await().atMost(WAIT).until(() -> http.get("/actuator/prometheus", null, "text/plain").body()
                .contains("impact_dead_letters_total{service=\"impact-streams\",topic=\"practice-activity\"}"));
    }

    @Test
    void shouldStreamValuesAndExposeGaugesWhenValuesChange() throws Exception {
        // given
        var response = http.stream("/api/v1/stream?area=QKK", Http.ICB_QKK);
        assertThat(response.statusCode()).isEqualTo(200);
        Iterator<String> lines = response.body().iterator();
        CompletableFuture<String> firstEvent = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:") && line.contains("FREEZE_NEW_DATA_SHARING")) {
                    return line;
                }
            }
            return null;
        });

        // when
        kafka.send(ModelFixture.notice(NoticeEventType.DECLARED, "it-sse", "Z00001", CollectiveAction.FREEZE_NEW_DATA_SHARING,
                LocalDate.parse("2024-08-04"), null));

        // then
        String event = firstEvent.get(60, java.util.concurrent.TimeUnit.SECONDS);
        response.body().close();
        assertThat(event).contains("\"area\":\"QKK\"");
        // a participation value: no interval, never provisional (api.md: every value carries low, high, provisional)
        assertThat(event).contains("\"low\":null").contains("\"high\":null").contains("\"provisional\":false");
        await().atMost(WAIT).until(() -> http.get("/actuator/prometheus", null, "text/plain").body()
                .contains("impact_indicator_value{action=\"FREEZE_NEW_DATA_SHARING\",area=\"QKK\",indicator=\"participating_practices\""));
    }
}
