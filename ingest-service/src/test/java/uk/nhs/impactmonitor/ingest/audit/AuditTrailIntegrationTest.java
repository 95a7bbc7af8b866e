package uk.nhs.impactmonitor.ingest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Actor;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Credential;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Outcome;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestKafkaTest;
import uk.nhs.impactmonitor.ingest.TopicReader;

/**
 * The audit trail of ingest-service on a real KRaft broker (issue 18): each change and each read of notices leaves
 * exactly one event with the caller as actor and the outcome; a refused request leaves a refusal; and
 * {@code GET /api/v1/audit} shows admin everything, a region its own area only, an ICB nothing.
 *
 * <p>Synthetic directory: Z00001 is in ICB QKK, region Y56 (London); QMF (North East London) is also in Y56; QE1
 * (Lancashire and South Cumbria) is in Y62 (North West).
 */
@IngestKafkaTest
class AuditTrailIntegrationTest {

    static final Actor PRACTICE = new Actor("dev practice Z00001", "dev practice Z00001", "PRACTICE", "Z00001", Credential.STATIC);
    static final Actor ICB = new Actor("dev ICB QKK", "dev ICB QKK", "ICB", "QKK", Credential.STATIC);
    static final Actor ADMIN = new Actor("dev admin", "dev admin", "ADMIN", null, Credential.STATIC);

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    PracticeDirectory directory;

    IngestHttp http;
    AuditRecording audit;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        audit = new AuditRecording(http, new TopicReader(broker.getBrokersAsString()), broker.getBrokersAsString());
    }

    static String notice(String noticeId, String practiceCode) {
        return """
                {"noticeId": "%s", "practiceCode": "%s", "action": "STOP_ADVICE_AND_GUIDANCE",
                 "effectiveFrom": "2024-08-01", "submittedBy": "Practice manager"}
                """.formatted(noticeId, practiceCode);
    }

    /** A practice of {@code icb} in the directory (the first by code). */
    String practiceOf(String icb) {
        return directory.practicesIn(icb).stream().map(p -> p.code()).sorted().findFirst().orElseThrow();
    }

    static void assertSucceeded(AuditEvent event, AuditAction action, Actor actor, String resource, String area, int status) {
        assertThat(event.action()).isEqualTo(action);
        assertThat(event.actor()).isEqualTo(actor);
        assertThat(event.resource()).isEqualTo(resource);
        assertThat(event.area()).isEqualTo(area);
        assertThat(event.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(event.status()).isEqualTo(status);
        assertThat(event.service()).isEqualTo("ingest-service");
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.eventId()).isNotNull();
        assertThat(event.at()).isNotNull();
    }

    @Test
    void shouldLeaveOneNoticeDeclaredWithThePracticeAsActorWhenAPracticeDeclaresAndNoneWhenItResends() {
        // given
        String id = "audit-declare-" + UUID.randomUUID();

        // when
        List<AuditEvent> declared = audit.during(() -> assertThat(http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001,
                notice(id, "Z00001")).status()).isEqualTo(202));
        List<AuditEvent> resent = audit.during(() -> assertThat(http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001,
                notice(id, "Z00001")).status()).isEqualTo(200));

        // then
        assertThat(declared).hasSize(1);
        assertSucceeded(declared.get(0), AuditAction.NOTICE_DECLARED, PRACTICE, "notice/" + id, "QKK", 202);
        assertThat(declared.get(0).detail()).containsEntry("practiceCode", "Z00001").containsEntry("action", "STOP_ADVICE_AND_GUIDANCE")
                .containsEntry("effectiveFrom", "2024-08-01");
        assertThat(resent).isEmpty();
    }

    @Test
    void shouldLeaveOneEventPerChangeWithItsCallerWhenANoticeIsCorrectedThenWithdrawn() {
        // given
        String id = "audit-change-" + UUID.randomUUID();
        assertThat(http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, notice(id, "Z00001")).status()).isEqualTo(202);

        // when
        List<AuditEvent> corrected = audit.during(() -> assertThat(http.putJson("/api/v1/notices/" + id, IngestHttp.ICB_QKK,
                notice(id, "Z00001").replace("2024-08-01", "2024-08-02")).status()).isEqualTo(202));
        List<AuditEvent> withdrawn = audit.during(() -> assertThat(http.delete("/api/v1/notices/" + id, IngestHttp.ADMIN).status())
                .isEqualTo(202));

        // then
        assertThat(corrected).hasSize(1);
        assertSucceeded(corrected.get(0), AuditAction.NOTICE_CORRECTED, ICB, "notice/" + id, "QKK", 202);
        assertThat(corrected.get(0).detail()).containsEntry("effectiveFrom", "2024-08-02");
        assertThat(withdrawn).hasSize(1);
        assertSucceeded(withdrawn.get(0), AuditAction.NOTICE_WITHDRAWN, ADMIN, "notice/" + id, "QKK", 202);
    }

    @Test
    void shouldLeaveOneActivityEventWithItsCountsWhenAReportAndABatchAreAccepted() {
        // given (days no other test of the shared broker writes): a batch of two good rows for two practices of QKK and one bad row (a negative count)
        String other = directory.practicesIn("QKK").stream().map(p -> p.code()).filter(c -> !c.equals("Z00001")).sorted().findFirst()
                .orElseThrow();
        String report = """
                {"practiceCode": "Z00001", "day": "2024-07-17", "clinicianSessions": 10, "patientContacts": 240, "cappedSessions": 4,
                 "urgentCareDiversions": 7, "agRequests": 3, "referrals": 12, "onlineRequests": 55}""";
        String batch = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n"
                + "Z00001,2024-07-16,10,240,4,7,3,12,55\n"
                + other + ",2024-07-16,10,240,4,7,3,12,55\n"
                + other + ",2024-07-15,10,240,4,-7,3,12,55\n";

        // when
        List<AuditEvent> single = audit.during(() -> assertThat(http.postJson("/api/v1/activity", IngestHttp.PRACTICE_Z00001, report).status())
                .isEqualTo(202));
        List<AuditEvent> batched = audit.during(() -> assertThat(http.send("POST", "/api/v1/activity/batch", IngestHttp.ICB_QKK, "text/csv",
                batch).status()).isEqualTo(202));

        // then
        assertThat(single).hasSize(1);
        assertSucceeded(single.get(0), AuditAction.ACTIVITY_ACCEPTED, PRACTICE, "practice/Z00001", "QKK", 202);
        assertThat(single.get(0).detail()).isEqualTo(Map.of("accepted", 1, "rejected", 0, "day", "2024-07-17"));
        assertThat(batched).hasSize(1);
        assertSucceeded(batched.get(0), AuditAction.ACTIVITY_ACCEPTED, ICB, "activity/batch", "QKK", 202);
        assertThat(batched.get(0).detail()).isEqualTo(Map.of("accepted", 2, "rejected", 1, "practices", 2));
    }

    @Test
    void shouldLeaveOneAppointmentsEventWithItsCountsAndTheRegionOfBothIcbsWhenAFileIsAccepted() {
        // given (days no other test of the shared broker writes): QKK-1 (QKK) and QMF-1 (QMF) are both in London (Y56): 2 rows, and 1 bad line on another day (a day with a
        // bad line is held back whole), so 2 sub-ICB-days
        String csv = "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_ONS_CODE,SUB_ICB_LOCATION_NAME,ICB_ONS_CODE,REGION_ONS_CODE,"
                + "Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\n"
                + "QKK-1,E38000999,NHS Somewhere,E54000057,E40000010,10JUL2024,GP,70\n"
                + "QMF-1,E38000999,NHS Somewhere,E54000057,E40000010,10JUL2024,GP,80\n"
                + "QMF-1,E38000999,NHS Somewhere,E54000057,E40000010,11JUL2024,GP,lots\n";

        // when
        List<AuditEvent> events = audit.during(() -> assertThat(http.send("POST", "/api/v1/appointments", IngestHttp.ADMIN, "text/csv", csv)
                .status()).isEqualTo(202));

        // then
        assertThat(events).hasSize(1);
        assertSucceeded(events.get(0), AuditAction.APPOINTMENTS_ACCEPTED, ADMIN, "appointments/file", "Y56", 202);
        assertThat(events.get(0).detail()).isEqualTo(Map.of("accepted", 2, "rejectedLines", 1, "subIcbDays", 2));
    }

    @Test
    void shouldLeaveOneNoticesReadWithHowManyWereReturnedWhenAnIcbListsAPracticesNotices() {
        // given
        String id = "audit-read-" + UUID.randomUUID();
        assertThat(http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, notice(id, "Z00001")).status()).isEqualTo(202);
        AtomicReference<JsonNode> listed = new AtomicReference<>();

        // when
        List<AuditEvent> events = audit.during(() -> {
            IngestHttp.Response response = http.get("/api/v1/notices?practiceCode=Z00001", IngestHttp.ICB_QKK);
            assertThat(response.status()).isEqualTo(200);
            listed.set(response.json());
        });

        // then
        assertThat(listed.get().size()).isPositive();
        assertThat(events).hasSize(1);
        assertSucceeded(events.get(0), AuditAction.NOTICES_READ, ICB, "practice/Z00001", "QKK", 200);
        assertThat(events.get(0).detail()).isEqualTo(Map.of("practiceCode", "Z00001", "returned", listed.get().size()));
    }

    @Test
    void shouldLeaveOneRefusalWhenARequestHasNoTokenAnUnknownTokenOrACredentialForAnotherIcbsPractice() {
        // given
        String elsewhere = practiceOf("QE1");

        // when
        List<AuditEvent> noToken = audit.during(() -> assertThat(http.get("/api/v1/notices", null).status()).isEqualTo(401));
        List<AuditEvent> unknownToken = audit.during(() -> assertThat(http.get("/api/v1/notices", "not-a-known-token").status()).isEqualTo(401));
        List<AuditEvent> forbidden = audit.during(() -> assertThat(http.get("/api/v1/notices?practiceCode=" + elsewhere, IngestHttp.ICB_QKK)
                .status()).isEqualTo(403));

        // then: anonymous refusals name no one; the 403 names the ICB credential, and no read is recorded with it
        assertThat(noToken).hasSize(1);
        assertThat(noToken.get(0).action()).isEqualTo(AuditAction.REQUEST_REFUSED);
        assertThat(noToken.get(0).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(noToken.get(0).status()).isEqualTo(401);
        assertThat(noToken.get(0).actor()).isEqualTo(Actor.ANONYMOUS);
        assertThat(noToken.get(0).resource()).isEqualTo("/api/v1/notices");
        assertThat(noToken.get(0).detail()).isEqualTo(Map.of("method", "GET", "reason", "no credential"));
        assertThat(unknownToken).hasSize(1);
        assertThat(unknownToken.get(0).actor()).isEqualTo(Actor.ANONYMOUS);
        assertThat(unknownToken.get(0).detail()).isEqualTo(Map.of("method", "GET", "reason", "unknown credential"));
        assertThat(forbidden).hasSize(1);
        assertThat(forbidden.get(0).action()).isEqualTo(AuditAction.REQUEST_REFUSED);
        assertThat(forbidden.get(0).outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(forbidden.get(0).status()).isEqualTo(403);
        assertThat(forbidden.get(0).actor()).isEqualTo(ICB);
        assertThat(forbidden.get(0).resource()).isEqualTo("/api/v1/notices");
        assertThat((String) forbidden.get(0).detail().get("reason")).isEqualTo("dev ICB QKK may not read the notices of practice " + elsewhere);
    }

    @Test
    void shouldShowAdminEveryEventAndARegionOnlyItsOwnAreasWhenTheTrailIsQueried() {
        // given: a notice in London (QKK, Y56) and one in the North West (QE1, Y62), after this instant
        Instant start = Instant.now();
        String london = "audit-q-london-" + UUID.randomUUID();
        String northWest = "audit-q-nw-" + UUID.randomUUID();
        assertThat(http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice(london, "Z00001")).status()).isEqualTo(202);
        assertThat(http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice(northWest, practiceOf("QE1"))).status()).isEqualTo(202);
        audit.awaitResource(audit.marker());

        // when
        JsonNode admin = http.get("/api/v1/audit?from=" + start, IngestHttp.ADMIN).json();
        JsonNode region = http.get("/api/v1/audit?from=" + start, IngestHttp.REGION_Y56).json();
        JsonNode byActor = http.get("/api/v1/audit?from=" + start + "&actor=DEV%20ADMIN&area=Y62", IngestHttp.ADMIN).json();

        // then
        assertThat(resources(admin)).contains("notice/" + london, "notice/" + northWest);
        assertThat(resources(region)).contains("notice/" + london).doesNotContain("notice/" + northWest);
        assertThat(region.valueStream().map(e -> e.path("area").asString()))
                .allSatisfy(area -> assertThat(directory.isWithin(area, "Y56")).as(area).isTrue());
        assertThat(resources(byActor)).containsExactly("notice/" + northWest);
        assertThat(admin.valueStream().map(e -> e.path("at").asString()).map(Instant::parse))
                .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(start));
        JsonNode declared = admin.valueStream().filter(e -> e.path("resource").asString().equals("notice/" + london)).findFirst().orElseThrow();
        assertThat(declared.path("action").asString()).isEqualTo("NOTICE_DECLARED");
        assertThat(declared.path("actor").path("credential").asString()).isEqualTo("STATIC");
        assertThat(declared.path("outcome").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldRefuseAnIcbAndAnswerCsvAndNameTheFieldWhenTheTrailIsQueriedSo() {
        // given
        String id = "audit-csv-" + UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofSeconds(1));
        assertThat(http.postJson("/api/v1/notices", IngestHttp.PRACTICE_Z00001, notice(id, "Z00001")).status()).isEqualTo(202);
        audit.awaitResource("notice/" + id);

        // when
        IngestHttp.Response icb = http.get("/api/v1/audit", IngestHttp.ICB_QKK);
        IngestHttp.Response practice = http.get("/api/v1/audit", IngestHttp.PRACTICE_Z00001);
        IngestHttp.Response regionElsewhere = http.get("/api/v1/audit?area=QE1", IngestHttp.REGION_Y56);
        IngestHttp.Response csv = http.send("GET", "/api/v1/audit?from=" + start + "&area=QKK", IngestHttp.ADMIN, null, null,
                Map.of("Accept", "text/csv"));
        IngestHttp.Response badFrom = http.get("/api/v1/audit?from=yesterday", IngestHttp.ADMIN);
        IngestHttp.Response day = http.get("/api/v1/audit?from=" + java.time.LocalDate.now(java.time.ZoneId.of("Europe/London"))
                + "&to=" + java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).plusDays(1), IngestHttp.ADMIN);

        // then
        assertThat(icb.status()).isEqualTo(403);
        assertThat(practice.status()).isEqualTo(403);
        assertThat(regionElsewhere.status()).isEqualTo(403);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("eventId,at,service,action,outcome,status,subject,name,role,scope,credential,resource,area,detail");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(",NOTICE_DECLARED,SUCCEEDED,202,dev practice Z00001,dev practice Z00001,"
                + "PRACTICE,Z00001,STATIC,notice/" + id + ",QKK,"));
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.errorsOn("from")).singleElement().asString().contains("ISO instant");
        assertThat(day.status()).isEqualTo(200);
        assertThat(resources(day.json())).contains("notice/" + id);
    }

    static List<String> resources(JsonNode events) {
        return events.valueStream().map(e -> e.path("resource").asString()).toList();
    }
}
