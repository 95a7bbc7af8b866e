package uk.nhs.impactmonitor.ingest.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/** Each rule of a notice (api.md) is a 400 problem naming the field, and nothing reaches Kafka. */
@IngestApiTest
class NoticeValidationTest {

    static final String VALID = """
            {"noticeId": "%s", "practiceCode": "Z00001", "action": "STOP_ADVICE_AND_GUIDANCE",
             "effectiveFrom": "2024-08-01", "effectiveTo": "2024-08-31", "submittedBy": "Practice manager", "note": "LMC letter"}""";

    @LocalServerPort
    int port;
    @Autowired
    MockProducer<byte[], byte[]> producer;
    IngestHttp http;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
    }

    static String valid(String noticeId) {
        return VALID.formatted(noticeId);
    }

    static Stream<Arguments> brokenNotices() {
        String v = valid("nv-1");
        return Stream.of(
                Arguments.of("practice missing", v.replace("\"practiceCode\": \"Z00001\",", ""), "practiceCode", "required"),
                Arguments.of("practice null", v.replace("\"Z00001\"", "null"), "practiceCode", "required (was null)"),
                Arguments.of("practice unknown", v.replace("Z00001", "Z99999"), "practiceCode", "unknown practice 'Z99999'"),
                Arguments.of("practice not a string", v.replace("\"Z00001\"", "12"), "practiceCode", "must be a string"),
                Arguments.of("action missing", v.replace("\"action\": \"STOP_ADVICE_AND_GUIDANCE\",", ""), "action", "required"),
                Arguments.of("action unknown", v.replace("STOP_ADVICE_AND_GUIDANCE", "STRIKE"), "action", "unknown action 'STRIKE'"),
                Arguments.of("action in lower case", v.replace("STOP_ADVICE_AND_GUIDANCE", "stop_advice_and_guidance"), "action", "unknown action"),
                Arguments.of("effectiveFrom missing", v.replace("\"effectiveFrom\": \"2024-08-01\",", ""), "effectiveFrom", "required"),
                Arguments.of("effectiveFrom not ISO", v.replace("2024-08-01", "01/08/2024"), "effectiveFrom", "must be an ISO date like 2024-08-01 (got \"01/08/2024\")"),
                Arguments.of("effectiveFrom impossible", v.replace("2024-08-01", "2024-02-30"), "effectiveFrom", "must be an ISO date"),
                Arguments.of("effectiveTo before effectiveFrom", v.replace("2024-08-31", "2024-07-31"), "effectiveTo",
                        "must not be before effectiveFrom (2024-07-31 is before 2024-08-01)"),
                Arguments.of("effectiveTo not ISO", v.replace("2024-08-31", "soon"), "effectiveTo", "must be an ISO date"),
                Arguments.of("submittedBy missing", v.replace("\"submittedBy\": \"Practice manager\",", ""), "submittedBy", "required"),
                Arguments.of("submittedBy blank", v.replace("Practice manager", "   "), "submittedBy", "required (was blank)"),
                Arguments.of("submittedBy too long", v.replace("Practice manager", "x".repeat(201)), "submittedBy", "must be at most 200 characters (got 201)"),
                Arguments.of("note too long", v.replace("LMC letter", "n".repeat(2001)), "note", "must be at most 2000 characters (got 2001)"),
                Arguments.of("noticeId with a space", v.replace("nv-1", "my notice"), "noticeId", "must be 1 to 64 characters"),
                Arguments.of("noticeId too long", v.replace("nv-1", "a".repeat(65)), "noticeId", "must be at most 64 characters (got 65)"),
                Arguments.of("noticeId not a string", v.replace("\"nv-1\"", "17"), "noticeId", "must be a string"),
                Arguments.of("body an array", "[" + v + "]", "body", "must be a JSON object"),
                Arguments.of("body not JSON", "{\"practiceCode\": ", "body", "unreadable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenNotices")
    void shouldAnswer400NamingTheFieldWhenARuleIsBroken(String rule, String body, String field, String message) {
        // given
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("title").asString()).isEqualTo("Invalid request");
        assertThat(response.errorsOn(field)).as(response.body()).anySatisfy(m -> assertThat(m).contains(message));
        assertThat(producer.history()).hasSize(written);
    }

    @Test
    void shouldListTheTenActionsWhenTheActionIsUnknown() {
        // given
        String body = valid("nv-2").replace("STOP_ADVICE_AND_GUIDANCE", "WORK_TO_RULE");

        // when
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).isEqualTo(400);
        String message = response.errorsOn("action").get(0);
        for (CollectiveAction action : CollectiveAction.values()) {
            assertThat(message).contains(action.name());
        }
    }

    @Test
    void shouldNameEveryFieldAtFaultWhenSeveralRulesAreBroken() {
        // given
        String body = """
                {"practiceCode": "NOPE", "action": "NOPE", "effectiveFrom": "2024-08-10", "effectiveTo": "2024-08-01"}""";

        // when
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).isEqualTo(400);
        List<String> fields = response.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList();
        assertThat(fields).containsExactlyInAnyOrder("practiceCode", "action", "effectiveTo", "submittedBy");
    }

    @Test
    void shouldAcceptANoticeWithoutEndDateOrNoteAndGenerateAnIdWhenNoneIsGiven() {
        // given
        String body = """
                {"practiceCode": "Z00001", "action": "DEFER_PILOTS", "effectiveFrom": "2024-08-01", "submittedBy": "PM"}""";
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().path("noticeId").asString()).matches("[0-9a-f-]{36}");
        assertThat(producer.history()).hasSize(written + 1);
    }

    @Test
    void shouldAnswer400OnPracticeCodeWhenACorrectionMovesTheNoticeToAnotherPractice() {
        // given
        assertThat(http.postJson("/api/v1/notices", IngestHttp.ADMIN, valid("nv-move")).status()).isEqualTo(202);
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.putJson("/api/v1/notices/nv-move", IngestHttp.ADMIN, valid("nv-move").replace("Z00001", "Z00002"));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorsOn("practiceCode")).anySatisfy(m -> assertThat(m).contains("cannot move a notice to another practice"));
        assertThat(producer.history()).hasSize(written);
    }

    @Test
    void shouldAnswer400OnNoticeIdWhenACorrectionNamesAnotherNotice() {
        // given
        assertThat(http.postJson("/api/v1/notices", IngestHttp.ADMIN, valid("nv-path")).status()).isEqualTo(202);

        // when
        IngestHttp.Response response = http.putJson("/api/v1/notices/nv-path", IngestHttp.ADMIN, valid("nv-other"));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorsOn("noticeId")).anySatisfy(m -> assertThat(m).contains("must match the notice in the path"));
    }

    @Test
    void shouldAnswer404WhenTheNoticeToCorrectOrWithdrawIsUnknown() {
        // when
        IngestHttp.Response corrected = http.putJson("/api/v1/notices/never-sent", IngestHttp.ADMIN, valid("never-sent"));
        IngestHttp.Response withdrawn = http.delete("/api/v1/notices/never-sent", IngestHttp.ADMIN);

        // then
        assertThat(corrected.status()).isEqualTo(404);
        assertThat(corrected.contentType()).startsWith("application/problem+json");
        assertThat(withdrawn.status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer415WhenTheBodyIsNotJson() {
        // when
        IngestHttp.Response response = http.send("POST", "/api/v1/notices", IngestHttp.ADMIN, "text/plain", valid("nv-plain"));

        // then
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void shouldAnswer413WhenTheBodyIsOverTheSingleRequestLimit() {
        // given: 64 KiB is the default limit of a single notice
        String body = valid("nv-big").replace("LMC letter", "n".repeat(64 * 1024));
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.postJson("/api/v1/notices", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).contains("65536 bytes");
        assertThat(producer.history()).hasSize(written);
    }

    @Test
    void shouldAnswerProblemJsonWhenTheClientAcceptsOnlyJson() {
        // when
        IngestHttp.Response response = http.send("POST", "/api/v1/notices", IngestHttp.ADMIN, "application/json",
                valid("nv-accept").replace("Z00001", "Z99999"), java.util.Map.of("Accept", "application/json"));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorsOn("practiceCode")).hasSize(1);
    }
}
