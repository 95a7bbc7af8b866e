package uk.nhs.impactmonitor.ingest.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/**
 * Each rule of a daily report (api.md) is a 400 problem naming the field; a batch writes its good rows and
 * names each bad one by line. "Today" is 5 August 2024 in London (still the 4th in UTC).
 */
@IngestApiTest
class ActivityValidationTest {

    static final String VALID = """
            {"practiceCode": "Z00001", "day": "2024-08-05", "clinicianSessions": 10, "patientContacts": 240, "cappedSessions": 4,
             "urgentCareDiversions": 7, "agRequests": 3, "referrals": 12, "onlineRequests": 55}""";

    @LocalServerPort
    int port;
    @Autowired
    MockProducer<byte[], byte[]> producer;
    IngestHttp http;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
    }

    static Stream<Arguments> brokenReports() {
        String v = VALID;
        Stream.Builder<Arguments> cases = Stream.builder();
        cases.add(Arguments.of("practice missing", v.replace("\"practiceCode\": \"Z00001\",", ""), "practiceCode", "required"));
        cases.add(Arguments.of("practice unknown", v.replace("Z00001", "A81001"), "practiceCode", "unknown practice 'A81001'"));
        cases.add(Arguments.of("day missing", v.replace("\"day\": \"2024-08-05\",", ""), "day", "required"));
        cases.add(Arguments.of("day not ISO", v.replace("2024-08-05", "5 Aug 2024"), "day", "must be an ISO date"));
        cases.add(Arguments.of("day tomorrow", v.replace("2024-08-05", "2024-08-06"), "day",
                "must not be in the future: today in England is 2024-08-05 (got 2024-08-06)"));
        cases.add(Arguments.of("capped above sessions", v.replace("\"cappedSessions\": 4", "\"cappedSessions\": 11"), "cappedSessions",
                "must not exceed clinicianSessions (11 capped of 10 sessions)"));
        for (Metric metric : Metric.REPORT_METRICS) {
            String field = metric.field();
            String withValue = v.replaceFirst("\"" + field + "\": \\d+", "\"" + field + "\": %s");
            cases.add(Arguments.of(field + " negative", withValue.formatted("-1"), field, "must not be negative (got -1)"));
            cases.add(Arguments.of(field + " fraction", withValue.formatted("2.5"), field, "must be a whole number (got 2.5)"));
            cases.add(Arguments.of(field + " string", withValue.formatted("\"12\""), field, "must be a JSON number, not a string (got \"12\")"));
            cases.add(Arguments.of(field + " text", withValue.formatted("\"many\""), field, "must be a whole number (got \"many\")"));
            cases.add(Arguments.of(field + " null", withValue.formatted("null"), field, "required (was null)"));
            cases.add(Arguments.of(field + " boolean", withValue.formatted("true"), field, "must be a whole number (got true)"));
            cases.add(Arguments.of(field + " absurd", withValue.formatted("1000001"), field,
                    "must be at most 1000000: more than a million in one day is not a plausible count for one practice"));
            cases.add(Arguments.of(field + " missing", v.replaceFirst(",?\\s*\"" + field + "\": \\d+", ""), field, "required"));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenReports")
    void shouldAnswer400NamingTheFieldWhenARuleIsBroken(String rule, String body, String field, String message) {
        // given
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.postJson("/api/v1/activity", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorsOn(field)).as(response.body()).anySatisfy(m -> assertThat(m).contains(message));
        assertThat(producer.history()).hasSize(written);
    }

    @Test
    void shouldAcceptTodayInLondonWhenItIsStillYesterdayInUtc() {
        // given: the clock reads 2024-08-04T23:30Z, which is 00:30 on the 5th in London
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.postJson("/api/v1/activity", IngestHttp.PRACTICE_Z00001, VALID);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("key").asString()).isEqualTo("Z00001/2024-08-05");
        assertThat(producer.history()).hasSize(written + 1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(written);
        assertThat(record.topic()).isEqualTo("practice-activity");
        assertThat(new String(record.key())).isEqualTo("Z00001/2024-08-05");
        DailyReport report = Topics.PRACTICE_ACTIVITY.valueSerde().deserializer().deserialize("practice-activity", record.value());
        assertThat(report).isEqualTo(new DailyReport(1, "Z00001", java.time.LocalDate.of(2024, 8, 5), 10, 240, 4, 7, 3, 12, 55,
                java.time.Instant.parse("2024-08-04T23:30:00Z")));
    }

    @Test
    void shouldAcceptCappedSessionsEqualToSessionsAndZeroCountsWhenAtTheLimits() {
        // given
        String body = VALID.replace("\"cappedSessions\": 4", "\"cappedSessions\": 10").replace("\"agRequests\": 3", "\"agRequests\": 0")
                .replace("\"onlineRequests\": 55", "\"onlineRequests\": 1000000");

        // when
        IngestHttp.Response response = http.postJson("/api/v1/activity", IngestHttp.ADMIN, body);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    @Test
    void shouldWriteGoodRowsAndNameEachBadRowWhenAJsonBatchIsMixed() {
        // given: rows 2 and 4 are bad, row 5 is for a practice this credential may not submit for
        String good1 = VALID;
        String bad2 = VALID.replace("\"agRequests\": 3", "\"agRequests\": -3").replace("\"day\": \"2024-08-05\"", "\"day\": \"2024-08-09\"");
        String good3 = VALID.replace("2024-08-05", "2024-08-04");
        String bad4 = "{\"practiceCode\": \"Z00001\"}";
        String other5 = VALID.replace("Z00001", "Z00002");
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.postJson("/api/v1/activity/batch", IngestHttp.PRACTICE_Z00001,
                "[" + String.join(",", good1, bad2, good3, bad4, other5) + "]");

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode result = response.json();
        assertThat(result.path("accepted").asInt()).isEqualTo(2);
        assertThat(result.path("rejected").valueStream().map(r -> r.path("line").asInt()).toList()).containsExactly(2, 4, 5);
        assertThat(fieldsOf(result.path("rejected").get(0))).containsExactlyInAnyOrder("day", "agRequests");
        assertThat(fieldsOf(result.path("rejected").get(1))).containsExactlyInAnyOrder("day", "clinicianSessions", "patientContacts",
                "cappedSessions", "urgentCareDiversions", "agRequests", "referrals", "onlineRequests");
        assertThat(result.path("rejected").get(2).path("errors").get(0).path("message").asString()).startsWith("forbidden:");
        assertThat(producer.history()).hasSize(written + 2);
        assertThat(producer.history().subList(written, written + 2)).extracting(r -> new String(r.key()))
                .containsExactly("Z00001/2024-08-05", "Z00001/2024-08-04");
    }

    @Test
    void shouldNameRowsByTheirCsvLineWhenACsvBatchIsMixed() {
        // given: an extra column is ignored; line 3 is blank; line 4's comment is a quoted cell spanning lines 4 and 5;
        // line 6 has a count in words and line 7 a future day
        String csv = String.join("\r\n",
                "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests,comment",
                "Z00001,2024-08-01,10,240,4,7,3,12,55,ok",
                "",
                "Z00001,2024-08-02,10,240,4,7,3,12,55,\"two",
                "lines, with a comma\"",
                "Z00001,2024-08-03,10,240,four,7,3,12,55,",
                "Z00001,2024-08-06,10,240,4,7,3,12,55,",
                "Z00001,2024-08-04,10,240,4,7,3,12,55,",
                "");
        int written = producer.history().size();

        // when
        IngestHttp.Response response = http.send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "text/csv", csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode result = response.json();
        assertThat(result.path("accepted").asInt()).isEqualTo(3);
        assertThat(result.path("rejected").valueStream().map(r -> r.path("line").asInt()).toList()).containsExactly(6, 7);
        assertThat(fieldsOf(result.path("rejected").get(0))).containsExactly("cappedSessions");
        assertThat(fieldsOf(result.path("rejected").get(1))).containsExactly("day");
        assertThat(producer.history()).hasSize(written + 3);
        assertThat(producer.history().subList(written, written + 3)).extracting(r -> new String(r.key()))
                .containsExactly("Z00001/2024-08-01", "Z00001/2024-08-02", "Z00001/2024-08-04");
    }

    @Test
    void shouldAnswer400NamingTheColumnsWhenTheCsvHeaderLacksThem() {
        // given
        String csv = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests\nZ00001,2024-08-01,1,1,1,1,1\n";

        // when
        IngestHttp.Response response = http.send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "text/csv", csv);

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList())
                .containsExactly("referrals", "onlineRequests");
    }

    @Test
    void shouldAnswer400OnBodyWhenTheJsonBatchIsNotAnArrayOrIsEmpty() {
        // when
        IngestHttp.Response object = http.postJson("/api/v1/activity/batch", IngestHttp.ADMIN, VALID);
        IngestHttp.Response empty = http.postJson("/api/v1/activity/batch", IngestHttp.ADMIN, "[]");

        // then
        assertThat(object.status()).isEqualTo(400);
        assertThat(object.errorsOn("body")).anySatisfy(m -> assertThat(m).contains("must be a JSON array"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.errorsOn("body")).containsExactly("the batch has no reports");
    }

    @Test
    void shouldAnswer415WhenTheBatchIsNeitherJsonNorCsv() {
        // when
        IngestHttp.Response response = http.send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "application/xml", "<reports/>");

        // then
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void shouldAnswer413WhenASingleReportIsOverItsLimitButAcceptTheSameSizeAsABatch() {
        // given: 70 KiB of whitespace is over the 64 KiB of a single report and well under the 16 MiB of a batch
        String padded = VALID.replace("{", "{" + " ".repeat(70 * 1024));

        // when
        IngestHttp.Response single = http.postJson("/api/v1/activity", IngestHttp.ADMIN, padded);
        IngestHttp.Response batch = http.postJson("/api/v1/activity/batch", IngestHttp.ADMIN, "[" + padded + "]");

        // then
        assertThat(single.status()).isEqualTo(413);
        assertThat(single.contentType()).startsWith("application/problem+json");
        assertThat(batch.status()).isEqualTo(202);
    }

    private static List<String> fieldsOf(JsonNode rejectedRow) {
        return rejectedRow.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
    }
}
