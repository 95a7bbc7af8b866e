package uk.nhs.impactmonitor.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/**
 * The access rules of api.md for every ingest endpoint: role × endpoint × own/other, with the dev credentials.
 * "own" is inside the credential's scope and "other" just outside it: for a practice another practice of
 * the same ICB; for an ICB, a practice or ICB elsewhere; for a region, its own practice (regions submit
 * and read no notices at all) and one elsewhere.
 */
@IngestApiTest
class AccessMatrixTest {

    /** Written out by hand from api.md; REJECTED = 202 with the row refused as forbidden (a batch is not failed by one row). */
    static final String MATRIX = """
            # role     endpoint          own       other
            NONE       POST_NOTICE       401       401
            NONE       PUT_NOTICE        401       401
            NONE       DELETE_NOTICE     401       401
            NONE       LIST_PRACTICE     401       401
            NONE       LIST_ICB          401       401
            NONE       LIST_ALL          401       401
            NONE       POST_ACTIVITY     401       401
            NONE       BATCH_JSON        401       401
            NONE       BATCH_CSV         401       401
            NONE       APPOINTMENTS      401       401
            UNKNOWN    POST_NOTICE       401       401
            UNKNOWN    LIST_ALL          401       401
            UNKNOWN    POST_ACTIVITY     401       401
            UNKNOWN    BATCH_CSV         401       401
            PRACTICE   POST_NOTICE       202       403
            PRACTICE   PUT_NOTICE        202       403
            PRACTICE   DELETE_NOTICE     202       403
            PRACTICE   LIST_PRACTICE     200       403
            PRACTICE   LIST_ICB          403       403
            PRACTICE   LIST_ALL          200       200
            PRACTICE   POST_ACTIVITY     202       403
            PRACTICE   BATCH_JSON        202       REJECTED
            PRACTICE   BATCH_CSV         202       REJECTED
            PRACTICE   APPOINTMENTS      403       403
            ICB        POST_NOTICE       202       403
            ICB        PUT_NOTICE        202       403
            ICB        DELETE_NOTICE     202       403
            ICB        LIST_PRACTICE     200       403
            ICB        LIST_ICB          200       403
            ICB        LIST_ALL          200       200
            ICB        POST_ACTIVITY     202       403
            ICB        BATCH_JSON        202       REJECTED
            ICB        BATCH_CSV         202       REJECTED
            ICB        APPOINTMENTS      202       REJECTED
            REGION     POST_NOTICE       403       403
            REGION     PUT_NOTICE        403       403
            REGION     DELETE_NOTICE     403       403
            REGION     LIST_PRACTICE     403       403
            REGION     LIST_ICB          403       403
            REGION     LIST_ALL          403       403
            REGION     POST_ACTIVITY     403       403
            REGION     BATCH_JSON        403       403
            REGION     BATCH_CSV         403       403
            REGION     APPOINTMENTS      403       403
            ADMIN      POST_NOTICE       202       202
            ADMIN      PUT_NOTICE        202       202
            ADMIN      DELETE_NOTICE     202       202
            ADMIN      LIST_PRACTICE     200       200
            ADMIN      LIST_ICB          200       200
            ADMIN      LIST_ALL          200       200
            ADMIN      POST_ACTIVITY     202       202
            ADMIN      BATCH_JSON        202       202
            ADMIN      BATCH_CSV         202       202
            ADMIN      APPOINTMENTS      202       202
            """;

    static final String CSV_HEADER = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n";
    static final AtomicInteger IDS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    PracticeDirectory directory;
    IngestHttp http;

    /** Z00001's neighbour in ICB QKK, and a practice of another ICB in another region. */
    String neighbourInQkk;
    String elsewhere;
    String otherIcb;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        neighbourInQkk = directory.practicesIn("QKK").stream().map(Practice::code).filter(c -> !c.equals("Z00001")).findFirst().orElseThrow();
        Practice far = directory.practices().stream().filter(p -> !p.regionCode().equals("Y56")).findFirst().orElseThrow();
        elsewhere = far.code();
        otherIcb = far.icbCode();
    }

    static Stream<Arguments> matrix() {
        return MATRIX.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.trim().split("\\s+"))
                .flatMap(cells -> Stream.of(
                        Arguments.of(cells[0], cells[1], "own", cells[2]),
                        Arguments.of(cells[0], cells[1], "other", cells[3])));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("matrix")
    void shouldAnswerAsApiMdSaysWhenARoleCallsAnEndpointForItsOwnOrAnotherScope(String role, String endpoint, String target, String expected) {
        // given
        String token = token(role);
        String practice = practiceFor(role, target);
        String icb = target.equals("own") ? "QKK" : otherIcb;
        String noticeId = "am-" + IDS.incrementAndGet();
        if (endpoint.equals("PUT_NOTICE") || endpoint.equals("DELETE_NOTICE")) {
            assertThat(http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice(noticeId, practice)).status()).isEqualTo(202);
        }

        // when
        IngestHttp.Response response = switch (endpoint) {
            case "POST_NOTICE" -> http.postJson("/api/v1/notices", token, notice(noticeId, practice));
            case "PUT_NOTICE" -> http.putJson("/api/v1/notices/" + noticeId, token, notice(noticeId, practice).replace("2024-08-01", "2024-08-02"));
            case "DELETE_NOTICE" -> http.delete("/api/v1/notices/" + noticeId, token);
            case "LIST_PRACTICE" -> http.get("/api/v1/notices?practiceCode=" + practice, token);
            case "LIST_ICB" -> http.get("/api/v1/notices?icb=" + icb, token);
            case "LIST_ALL" -> http.get("/api/v1/notices", token);
            case "POST_ACTIVITY" -> http.postJson("/api/v1/activity", token, report(practice));
            case "BATCH_JSON" -> http.postJson("/api/v1/activity/batch", token, "[" + report(practice) + "]");
            case "BATCH_CSV" -> http.send("POST", "/api/v1/activity/batch", token, "text/csv", CSV_HEADER + practice + ",2024-08-01,10,240,4,7,3,12,55\n");
            // api.md: admin, or an ICB for the sub-ICBs of its ICB (the synthetic directory names them <ICB>-<n>)
            case "APPOINTMENTS" -> http.send("POST", "/api/v1/appointments", token, "text/csv",
                    "SUB_ICB_LOCATION_CODE,Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\n" + icb + "-1,01AUG2024,GP,10\n");
            default -> throw new IllegalArgumentException(endpoint);
        };

        // then
        if (expected.equals("REJECTED")) {
            assertThat(response.status()).as(response.body()).isEqualTo(202);
            assertThat(response.json().path("accepted").asInt()).isZero();
            assertThat(response.json().path("rejected").get(0).path("errors").get(0).path("message").asString()).startsWith("forbidden:");
            return;
        }
        assertThat(response.status()).as(response.body()).isEqualTo(Integer.parseInt(expected));
        if (response.status() >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        if (expected.equals("202") && (endpoint.startsWith("BATCH") || endpoint.equals("APPOINTMENTS"))) {
            assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldListOnlyTheCallersPracticeOrIcbWhenNoFilterIsGiven() {
        // given: one notice in Z00001, one for its neighbour in QKK, one elsewhere
        http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice("am-scope-own", "Z00001"));
        http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice("am-scope-neighbour", neighbourInQkk));
        http.postJson("/api/v1/notices", IngestHttp.ADMIN, notice("am-scope-far", elsewhere));

        // when
        JsonNode practice = http.get("/api/v1/notices", IngestHttp.PRACTICE_Z00001).json();
        JsonNode icb = http.get("/api/v1/notices", IngestHttp.ICB_QKK).json();
        JsonNode admin = http.get("/api/v1/notices", IngestHttp.ADMIN).json();

        // then
        assertThat(practice.valueStream().map(n -> n.path("practiceCode").asString()).distinct().toList()).containsExactly("Z00001");
        assertThat(icb.valueStream().map(n -> n.path("practiceCode").asString()).toList()).contains("Z00001", neighbourInQkk)
                .doesNotContain(elsewhere);
        assertThat(admin.valueStream().map(n -> n.path("noticeId").asString()).toList())
                .contains("am-scope-own", "am-scope-neighbour", "am-scope-far");
    }

    @Test
    void shouldAnswerWhoTheCallerIsAndTheActionsWhenSignedInAnd401Otherwise() {
        // when
        IngestHttp.Response anonymous = http.get("/api/v1/me", null);
        JsonNode practice = http.get("/api/v1/me", IngestHttp.PRACTICE_Z00001).json();
        JsonNode icb = http.get("/api/v1/me", IngestHttp.ICB_QKK).json();
        JsonNode actions = http.get("/api/v1/actions", IngestHttp.REGION_Y56).json();

        // then
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(practice.path("role").asString()).isEqualTo("PRACTICE");
        assertThat(practice.path("practices").valueStream().map(JsonNode::asString).toList()).containsExactly("Z00001");
        assertThat(icb.path("practices")).hasSize(directory.practicesIn("QKK").size());
        assertThat(actions.valueStream().map(a -> a.path("id").asString()).toList()).containsExactly(
                "CAP_DAILY_CONTACTS", "STOP_ADVICE_AND_GUIDANCE", "END_VOLUNTARY_SERVICES", "STOP_RATIONING_REFERRALS",
                "SWITCH_OFF_GPCONNECT_CODING", "WITHDRAW_SECONDARY_USE_SHARING", "FREEZE_NEW_DATA_SHARING",
                "SWITCH_OFF_MEDICINES_OPTIMISATION", "DEFER_DIGITAL_SIGNOFF", "DEFER_PILOTS");
        assertThat(actions.get(1).path("description").asString()).isEqualTo("Stop engaging with the e-Referral Service Advice & Guidance pathway.");
    }

    @Test
    void shouldServeThePageApiDocsAndSwaggerUiWithoutACredentialWhenTheyAreNotUnderApi() {
        // when
        IngestHttp.Response page = http.get("/", null);
        IngestHttp.Response docs = http.get("/v3/api-docs", null);
        IngestHttp.Response swagger = http.get("/swagger-ui/index.html", null);

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(swagger.status()).isEqualTo(200);
        assertThat(docs.json().path("components").path("securitySchemes").path("bearer").path("scheme").asString()).isEqualTo("bearer");
        assertThat(Arrays.asList("/api/v1/notices", "/api/v1/notices/{noticeId}", "/api/v1/activity", "/api/v1/activity/batch"))
                .allSatisfy(path -> assertThat(docs.json().path("paths").has(path)).as(path).isTrue());
    }

    private String token(String role) {
        return switch (role) {
            case "NONE" -> null;
            case "UNKNOWN" -> "not-a-credential";
            case "PRACTICE" -> IngestHttp.PRACTICE_Z00001;
            case "ICB" -> IngestHttp.ICB_QKK;
            case "REGION" -> IngestHttp.REGION_Y56;
            case "ADMIN" -> IngestHttp.ADMIN;
            default -> throw new IllegalArgumentException(role);
        };
    }

    private String practiceFor(String role, String target) {
        boolean own = target.equals("own");
        return switch (role) {
            case "PRACTICE" -> own ? "Z00001" : neighbourInQkk;
            case "ICB" -> own ? neighbourInQkk : elsewhere;
            default -> own ? "Z00001" : elsewhere;
        };
    }

    private static String notice(String noticeId, String practice) {
        return """
                {"noticeId": "%s", "practiceCode": "%s", "action": "CAP_DAILY_CONTACTS", "effectiveFrom": "2024-08-01", "submittedBy": "PM"}"""
                .formatted(noticeId, practice);
    }

    private static String report(String practice) {
        return """
                {"practiceCode": "%s", "day": "2024-08-01", "clinicianSessions": 10, "patientContacts": 240, "cappedSessions": 4,
                 "urgentCareDiversions": 7, "agRequests": 3, "referrals": 12, "onlineRequests": 55}""".formatted(practice);
    }
}
