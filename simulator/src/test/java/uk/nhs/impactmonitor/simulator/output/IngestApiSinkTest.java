package uk.nhs.impactmonitor.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.simulator.IngestStub;

class IngestApiSinkTest {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 5);
    private static final String NOTICE_ID = "7f8e6c1e-0000-3000-8000-000000000001";

    private IngestStub stub;
    private IngestApiSink sink;

    @BeforeEach
    void start() throws Exception {
        stub = new IngestStub();
        sink = new IngestApiSink(stub.url(), "admin-token");
    }

    @AfterEach
    void stop() {
        sink.close();
        stub.close();
    }

    @Test
    void shouldPostNoticesAndReportsWithApiBodiesWhenADayIsSent() {
        // given
        NoticeEvent declared = notice(NoticeEventType.DECLARED, null);
        DailyReport report = report("Z00001", 9, 240, 7, 42, 2, 14, 38);

        // when
        sink.send(DAY, List.of(new SimulatedEvent.Notice(DAY, declared), new SimulatedEvent.Report(DAY, report, false)));

        // then
        List<IngestStub.Request> requests = stub.requests();
        assertThat(requests).extracting(IngestStub.Request::method, IngestStub.Request::path).containsExactly(
                tuple("POST", "/api/v1/notices"),
                tuple("POST", "/api/v1/activity/batch"));
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.authorization()).isEqualTo("Bearer admin-token");
            assertThat(request.contentType()).isEqualTo("application/json");
        });
        JsonNode notice = requests.get(0).json();
        assertThat(notice.propertyNames()).containsExactly("noticeId", "practiceCode", "action", "effectiveFrom", "submittedBy", "note");
        assertThat(notice.get("noticeId").asString()).isEqualTo(NOTICE_ID);
        assertThat(notice.get("action").asString()).isEqualTo("STOP_ADVICE_AND_GUIDANCE");
        assertThat(notice.get("effectiveFrom").asString()).isEqualTo("2024-08-05");
        JsonNode batch = requests.get(1).json();
        assertThat(batch.isArray()).isTrue();
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.get(0).propertyNames()).containsExactly("practiceCode", "day", "clinicianSessions", "patientContacts",
                "cappedSessions", "urgentCareDiversions", "agRequests", "referrals", "onlineRequests");
        assertThat(batch.get(0).get("day").asString()).isEqualTo("2024-08-05");
        assertThat(batch.get(0).get("patientContacts").asInt()).isEqualTo(240);
        assertThat(batch.get(0).get("cappedSessions").asInt()).isEqualTo(7);
        assertThat(sink.accepted()).isEqualTo(1);
        assertThat(sink.notices()).isEqualTo(1);
    }

    @Test
    void shouldPutCorrectionsAndDeleteWithdrawalsWhenTheNoticeIsKnown() {
        // given
        sink.send(DAY, List.of(new SimulatedEvent.Notice(DAY, notice(NoticeEventType.DECLARED, null))));

        // when
        sink.send(DAY.plusDays(1), List.of(new SimulatedEvent.Notice(DAY.plusDays(1),
                notice(NoticeEventType.CORRECTED, DAY.plusDays(20)))));
        sink.send(DAY.plusDays(2), List.of(new SimulatedEvent.Notice(DAY.plusDays(2), notice(NoticeEventType.WITHDRAWN, null))));

        // then
        List<IngestStub.Request> requests = stub.requests();
        assertThat(requests).extracting(IngestStub.Request::method).containsExactly("POST", "PUT", "DELETE");
        assertThat(requests.get(1).path()).isEqualTo("/api/v1/notices/" + NOTICE_ID);
        assertThat(requests.get(1).json().get("effectiveTo").asString()).isEqualTo("2024-08-25");
        assertThat(requests.get(2).path()).isEqualTo("/api/v1/notices/" + NOTICE_ID);
        assertThat(requests.get(2).body()).isEmpty();
    }

    @Test
    void shouldDeclareTheNoticeFirstWhenACorrectionIsForANoticeTheServiceHasNotSeen() {
        // given: the notice was declared by a backfill straight to Kafka

        // when
        sink.send(DAY, List.of(new SimulatedEvent.Notice(DAY, notice(NoticeEventType.CORRECTED, DAY.plusDays(20)))));

        // then
        List<IngestStub.Request> requests = stub.requests();
        assertThat(requests).extracting(IngestStub.Request::method).containsExactly("PUT", "POST", "PUT");
        assertThat(requests.get(1).json().has("effectiveTo")).isFalse();
        assertThat(requests.get(2).json().get("effectiveTo").asString()).isEqualTo("2024-08-25");
    }

    @Test
    void shouldSplitADayIntoBatchesWhenItHasManyReports() {
        // given: 2,500 reports → 1,000 + 1,000 + 500
        List<SimulatedEvent> events = new ArrayList<>();
        IntStream.rangeClosed(1, 2500).forEach(i -> events.add(new SimulatedEvent.Report(DAY,
                report(String.format("Z%05d", i), 1, 20, 0, 0, 0, 1, 2), false)));

        // when
        sink.send(DAY, events);

        // then
        assertThat(stub.requests()).extracting(request -> request.json().size()).containsExactly(1000, 1000, 500);
        assertThat(sink.accepted()).isEqualTo(2500);
    }

    @Test
    void shouldFailNamingTheStatusWhenTheServiceRefuses() {
        // given
        stub.failNext(1, 503);

        // when / then
        assertThatThrownBy(() -> sink.send(DAY, List.of(new SimulatedEvent.Report(DAY, report("Z00001", 1, 20, 0, 0, 0, 1, 2), false))))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("activity batch of 1 reports: ingest-service answered 503");
    }

    @Test
    void shouldCountAWithdrawalAsDeliveredWhenTheNoticeIsAlreadyWithdrawn() {
        // given: a day that failed after its withdrawal went in is sent again
        SimulatedEvent.Notice withdrawal = new SimulatedEvent.Notice(DAY, notice(NoticeEventType.WITHDRAWN, null));
        sink.send(DAY, List.of(new SimulatedEvent.Notice(DAY, notice(NoticeEventType.DECLARED, null)), withdrawal));

        // when
        sink.send(DAY, List.of(withdrawal));

        // then
        assertThat(stub.requests()).extracting(IngestStub.Request::status).containsExactly(202, 202, 409);
        assertThat(sink.notices()).isEqualTo(3);
        assertThat(sink.refused()).isZero();
    }

    @Test
    void shouldSkipAndCountARequestWhenTheServiceRefusesItForGood() {
        // given: a 400 will not go away by sending the same request again
        stub.failNext(1, 400);

        // when
        sink.send(DAY, List.of(new SimulatedEvent.Notice(DAY, notice(NoticeEventType.DECLARED, null)),
                new SimulatedEvent.Report(DAY, report("Z00001", 1, 20, 0, 0, 0, 1, 2), false)));

        // then: the notice is skipped, the day's reports still go in
        assertThat(sink.refused()).isEqualTo(1);
        assertThat(sink.notices()).isZero();
        assertThat(sink.accepted()).isEqualTo(1);
    }

    private static NoticeEvent notice(NoticeEventType type, LocalDate effectiveTo) {
        return new NoticeEvent(NoticeEvent.SCHEMA_VERSION, type, NOTICE_ID, "Z00001", CollectiveAction.STOP_ADVICE_AND_GUIDANCE,
                DAY, effectiveTo, "practice manager", "simulated", Instant.parse("2024-08-05T08:00:00Z"));
    }

    private static DailyReport report(String practice, int sessions, int contacts, int capped, int diversions, int ag,
                                      int referrals, int online) {
        return new DailyReport(DailyReport.SCHEMA_VERSION, practice, DAY, sessions, contacts, capped, diversions, ag,
                referrals, online, Instant.parse("2024-08-05T17:00:00Z"));
    }
}
