package uk.nhs.impactmonitor.ingest.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestKafkaTest;
import uk.nhs.impactmonitor.ingest.TopicReader;

/**
 * {@code POST /api/v1/appointments} on a real KRaft broker with the synthetic directory, whose sub-ICB locations are
 * named {@code <ICB>-<n>} (QKK has one, QKK-1; QOP has ten). Today is Monday 5 August 2024. Every count below is
 * worked out by hand from the rows of the file sent.
 */
@IngestKafkaTest
class AppointmentsIntegrationTest {

    static final String PATH = "/api/v1/appointments";
    static final String HEADER = "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_ONS_CODE,SUB_ICB_LOCATION_NAME,ICB_ONS_CODE,REGION_ONS_CODE,"
            + "Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\n";

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;

    IngestHttp http;
    TopicReader topics;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
        topics = new TopicReader(broker.getBrokersAsString());
    }

    /** A row as NHS England publishes it, with the ONS codes and name the service ignores. */
    static String row(String subIcb, String date, String role, String count) {
        return subIcb + ",E38000999,NHS Somewhere ICB - " + subIcb + ",E54000057,E40000010," + date + "," + role + "," + count + "\n";
    }

    IngestHttp.Response post(String token, String csv) {
        return http.send("POST", PATH, token, "text/csv", csv);
    }

    /** Every record written under a key, oldest first. */
    List<SubIcbAppointments> written(String key) {
        return topics.readAll(Topics.AREA_APPOINTMENTS).stream().filter(r -> r.key().equals(key)).map(TopicReader.Read::value).toList();
    }

    static Map<Integer, List<String>> rejectedFields(JsonNode answer) {
        return answer.path("rejected").valueStream().collect(Collectors.toMap(r -> r.path("line").asInt(),
                r -> r.path("errors").valueStream().map(e -> e.path("field").asString()).toList()));
    }

    @Test
    void shouldSumTheRowsOfEachSubIcbDayWhenTheFileIsAsPublished() {
        // given: QOP-1 on 1 August: GP 100, Nurses 40, Unknown 3 → all 143, gp 100; on 2 August only Nurses 7 → all 7, gp 0;
        // QOP-2 on 1 August: two GP rows, 5 and 6 → all 11, gp 11
        String csv = HEADER
                + row("QOP-1", "01AUG2024", "GP", "100")
                + row("QOP-1", "01AUG2024", "Nurses", "40")
                + row("QOP-1", "01AUG2024", "Unknown", "3")
                + row("QOP-1", "02AUG2024", "Nurses", "7")
                + row("QOP-2", "01AUG2024", "GP", "5")
                + row("QOP-2", "01AUG2024", "GP", "6");
        long before = topics.endOffset(Topics.AREA_APPOINTMENTS.name());

        // when
        IngestHttp.Response response = post(IngestHttp.ADMIN, csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(6);
        assertThat(response.json().path("subIcbDays").asInt()).isEqualTo(3);
        assertThat(response.json().path("rejected")).isEmpty();
        assertThat(topics.endOffset(Topics.AREA_APPOINTMENTS.name()) - before).isEqualTo(3);
        assertThat(written("QOP-1/2024-08-01")).containsExactly(new SubIcbAppointments(1, "QOP-1", java.time.LocalDate.of(2024, 8, 1), 143, 100));
        assertThat(written("QOP-1/2024-08-02")).containsExactly(new SubIcbAppointments(1, "QOP-1", java.time.LocalDate.of(2024, 8, 2), 7, 0));
        assertThat(written("QOP-2/2024-08-01")).containsExactly(new SubIcbAppointments(1, "QOP-2", java.time.LocalDate.of(2024, 8, 1), 11, 11));
    }

    @Test
    void shouldReadTheFileWhenTheHeaderIsInOtherLetterCasesWithCrlfABomQuotedCellsAndUnknownColumns() {
        // given: a byte-order mark, columns in another order and case, an unknown column, CRLF, a quoted name with a
        // comma and a doubled quote, months in lower and mixed case, a role in lower case. QOP-5 on 3 August:
        // gp 20 + 2 = 22 (lines 2 and 4), all 22 + 9 = 31; on 4 August all 1, gp 0
        String csv = "\uFEFFsds_role_group,Appointment_date,sub_icb_location_code,Sub_ICB_Location_Name,count_of_appointments,EXTRA\r\n"
                + "GP,03aug2024,QOP-5,\"NHS Greater Manchester ICB, \"\"Bolton\"\"\",20,x\r\n"
                + "Nurses,03Aug2024,QOP-5,plain name,9,\r\n"
                + "gp,03AUG2024, QOP-5 ,\"multi\r\nline name\",2,y\r\n"
                + "Unknown,04aUg2024,qop-5,n,1,z\r\n";

        // when
        IngestHttp.Response response = post(IngestHttp.ADMIN, csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(4);
        assertThat(response.json().path("subIcbDays").asInt()).isEqualTo(2);
        assertThat(written("QOP-5/2024-08-03")).containsExactly(new SubIcbAppointments(1, "QOP-5", java.time.LocalDate.of(2024, 8, 3), 31, 22));
        assertThat(written("QOP-5/2024-08-04")).containsExactly(new SubIcbAppointments(1, "QOP-5", java.time.LocalDate.of(2024, 8, 4), 1, 0));
    }

    @Test
    void shouldRefuseTheWholeFileNamingTheColumnWhenARequiredColumnIsMissing() {
        // given: no COUNT_OF_APPOINTMENTS column
        String csv = "SUB_ICB_LOCATION_CODE,Appointment_Date,SDS_ROLE_GROUP\nQOP-6,01AUG2024,GP\n";
        long before = topics.endOffset(Topics.AREA_APPOINTMENTS.name());

        // when
        IngestHttp.Response response = post(IngestHttp.ADMIN, csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorsOn("COUNT_OF_APPOINTMENTS")).singleElement().asString().contains("column missing");
        assertThat(topics.endOffset(Topics.AREA_APPOINTMENTS.name())).isEqualTo(before);
    }

    @Test
    void shouldRejectTheWholeSubIcbDayNamingEveryLineWhenOneOfItsLinesIsBad() {
        // given: line 3 (QOP-7, 1 August) has a negative count, so line 2 of the same sub-ICB-day is not taken either;
        // line 4 (QOP-7, 2 August) is sound and alone goes in; lines 5-8 are bad each for one reason
        String csv = HEADER
                + row("QOP-7", "01AUG2024", "GP", "10")
                + row("QOP-7", "01AUG2024", "Nurses", "-4")
                + row("QOP-7", "02AUG2024", "GP", "9")
                + row("ZZZ", "01AUG2024", "GP", "1")
                + row("QOP-7", "31JUN2024", "GP", "1")
                + row("QOP-7", "06AUG2024", "GP", "1")
                + row("QOP-7", "02JUL2024", "GP", "1.5");
        long before = topics.endOffset(Topics.AREA_APPOINTMENTS.name());

        // when
        IngestHttp.Response response = post(IngestHttp.ADMIN, csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().path("subIcbDays").asInt()).isEqualTo(1);
        assertThat(response.json().path("rejectedLines").asInt()).isEqualTo(6);
        assertThat(rejectedFields(response.json())).containsExactlyInAnyOrderEntriesOf(Map.of(
                2, List.of("row"),
                3, List.of("COUNT_OF_APPOINTMENTS"),
                5, List.of("SUB_ICB_LOCATION_CODE"),
                6, List.of("Appointment_Date"),
                7, List.of("Appointment_Date"),
                8, List.of("COUNT_OF_APPOINTMENTS")));
        JsonNode rejected = response.json().path("rejected");
        assertThat(rejected.get(0).path("errors").get(0).path("message").asString()).contains("not taken", "line 3", "QOP-7", "2024-08-01");
        assertThat(rejected.get(1).path("errors").get(0).path("message").asString()).contains("must not be negative");
        assertThat(rejected.get(2).path("errors").get(0).path("message").asString()).contains("unknown sub-ICB location 'ZZZ'");
        assertThat(rejected.get(3).path("errors").get(0).path("message").asString()).contains("31JUN2024");
        assertThat(rejected.get(4).path("errors").get(0).path("message").asString()).contains("must not be in the future", "2024-08-05");
        assertThat(rejected.get(5).path("errors").get(0).path("message").asString()).contains("whole number");
        assertThat(topics.endOffset(Topics.AREA_APPOINTMENTS.name()) - before).isEqualTo(1);
        assertThat(written("QOP-7/2024-08-01")).isEmpty();
        assertThat(written("QOP-7/2024-08-02")).containsExactly(new SubIcbAppointments(1, "QOP-7", java.time.LocalDate.of(2024, 8, 2), 9, 9));
    }

    @Test
    void shouldRejectTheLineWhenAnIcbCredentialSendsAnotherIcbsSubIcb() {
        // given: dev-icb-QKK may send QKK-1 (line 2) but not QMF-1 (line 3, ICB QMF)
        String csv = HEADER + row("QKK-1", "01AUG2024", "GP", "70") + row("QMF-1", "01AUG2024", "GP", "80");

        // when
        IngestHttp.Response response = post(IngestHttp.ICB_QKK, csv);

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(rejectedFields(response.json())).containsExactlyEntriesOf(Map.of(3, List.of("SUB_ICB_LOCATION_CODE")));
        assertThat(response.json().path("rejected").get(0).path("errors").get(0).path("message").asString())
                .startsWith("forbidden:").contains("QMF-1", "QMF");
        assertThat(written("QKK-1/2024-08-01")).extracting(SubIcbAppointments::all).containsExactly(70L);
        assertThat(written("QMF-1/2024-08-01")).isEmpty();
    }

    @Test
    void shouldRefuseTheFileWhenAPracticeOrARegionSendsIt() {
        // given
        String csv = HEADER + row("QKK-1", "02AUG2024", "GP", "70");
        long before = topics.endOffset(Topics.AREA_APPOINTMENTS.name());

        // when
        IngestHttp.Response practice = post(IngestHttp.PRACTICE_Z00001, csv);
        IngestHttp.Response region = post(IngestHttp.REGION_Y56, csv);
        IngestHttp.Response nobody = post(null, csv);

        // then
        assertThat(practice.status()).isEqualTo(403);
        assertThat(region.status()).isEqualTo(403);
        assertThat(nobody.status()).isEqualTo(401);
        assertThat(practice.contentType()).startsWith("application/problem+json");
        assertThat(topics.endOffset(Topics.AREA_APPOINTMENTS.name())).isEqualTo(before);
    }

    @Test
    void shouldKeepTheLaterCountsUnderTheSameKeyWhenASubIcbDayIsSentTwice() {
        // given: QOP-8 on 1 August first as GP 10; then again as GP 12 and Nurses 3 (all 15, gp 12)
        String first = HEADER + row("QOP-8", "01AUG2024", "GP", "10");
        String again = HEADER + row("QOP-8", "01AUG2024", "GP", "12") + row("QOP-8", "01AUG2024", "Nurses", "3");

        // when
        IngestHttp.Response one = post(IngestHttp.ADMIN, first);
        IngestHttp.Response two = post(IngestHttp.ADMIN, again);

        // then: two records under one key, in one partition, the later last, so compaction keeps the later counts
        assertThat(one.status()).isEqualTo(202);
        assertThat(two.status()).isEqualTo(202);
        List<TopicReader.Read<SubIcbAppointments>> reads = topics.readAll(Topics.AREA_APPOINTMENTS).stream()
                .filter(r -> r.key().equals("QOP-8/2024-08-01")).toList();
        assertThat(reads).extracting(r -> r.value().all(), r -> r.value().gp())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 10L), org.assertj.core.groups.Tuple.tuple(15L, 12L));
        assertThat(reads.get(0).raw().partition()).isEqualTo(reads.get(1).raw().partition());
        assertThat(reads.get(0).raw().offset()).isLessThan(reads.get(1).raw().offset());
    }

    @Test
    void shouldRefuseNamingTheBodyWhenTheFileIsEmptyOrHasOnlyAHeader() {
        // when
        IngestHttp.Response empty = post(IngestHttp.ADMIN, "");
        IngestHttp.Response headerOnly = post(IngestHttp.ADMIN, HEADER);

        // then
        assertThat(empty.status()).as(empty.body()).isEqualTo(400);
        assertThat(headerOnly.status()).as(headerOnly.body()).isEqualTo(400);
        assertThat(headerOnly.errorsOn("body")).singleElement().asString().contains("no rows");
    }
}
