package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHandler;
import uk.nhs.impactmonitor.streams.deadletter.DeadLetterHeaders;

/** Unreadable or unusable input goes to {@code <topic>.dlq} with the reason in its headers; the next record is processed. */
class DeadLetterTest {

    private static final LocalDate DAY = LocalDate.parse("2024-08-20");
    private ModelFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ModelFixture(ModelFixture.directory(List.of("QX1"), List.of("P1:QX1:1000", "P2:QX1:3000")),
                LocalDate.parse("2024-07-01"), LocalDate.parse("2024-07-07"));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return DeadLetterHeaders.get(record.headers(), name);
    }

    // TopologyTestDriver does not route the dead-letter records a DeserializationExceptionHandler returns; their
    // content is tested on DeadLetterHandler itself and on a real broker in ImpactStreamsIntegrationTest.
    @Test
    void shouldProcessTheNextNoticeWhenANoticeIsUnreadable() {
        // given
        String broken = "{\"schemaVersion\":1,\"type\":\"DECLARED\",\"noticeId\":\"n1\",";

        // when
        fixture.sendRawNotice("P1", broken);
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n2", "P2", CollectiveAction.DEFER_PILOTS, DAY, null));
        fixture.emitAll();

        // then
        assertThat(fixture.value("QX1", DAY, Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(1.0);
        assertThat(fixture.value("QX1", DAY, Indicator.PARTICIPATION_RATE, CollectiveAction.DEFER_PILOTS, null)).isEqualTo(0.5);
    }

    @Test
    void shouldProcessTheNextReportWhenReportsBreakTheRules() {
        // given a negative count and a report without its referrals
        String negative = """
                {"schemaVersion":1,"practiceCode":"P1","day":"2024-08-20","clinicianSessions":1,"patientContacts":-4,"cappedSessions":0,
                 "urgentCareDiversions":0,"agRequests":0,"referrals":0,"onlineRequests":0}""";
        String missing = """
                {"schemaVersion":1,"practiceCode":"P1","day":"2024-08-20","clinicianSessions":1,"patientContacts":4,"cappedSessions":0,
                 "urgentCareDiversions":0,"agRequests":0,"onlineRequests":0}""";

        // when
        fixture.sendRawReport("P1/2024-08-20", negative);
        fixture.sendRawReport("P1/2024-08-20", missing);
        fixture.send(ModelFixture.report("P2", DAY, 4, 40, 1, 0, 0, 0, 0));
        fixture.emitAll();

        // then only P2's report counts: 40 contacts over 4 sessions, 1 of 2 practices reported
        assertThat(fixture.value("QX1", DAY, Indicator.CONTACTS_PER_SESSION)).isEqualTo(10.0);
        assertThat(fixture.value("QX1", DAY, Indicator.REPORTING_COMPLETENESS)).isEqualTo(0.5);
    }

    @Test
    void shouldDeadLetterARecordWhenThePracticeIsNotInTheDirectory() {
        // when
        fixture.send(ModelFixture.report("X99999", DAY, 4, 40, 1, 0, 0, 0, 0));
        fixture.send(ModelFixture.notice(NoticeEventType.DECLARED, "n9", "X99999", CollectiveAction.DEFER_PILOTS, DAY, null));
        fixture.send(ModelFixture.report("P1", DAY, 2, 30, 1, 0, 0, 0, 0));
        fixture.emitAll();

        // then
        List<TestRecord<String, byte[]>> deadReports = fixture.deadLetters("practice-activity");
        assertThat(deadReports).hasSize(1);
        assertThat(deadReports.get(0).key()).isEqualTo("X99999/2024-08-20");
        assertThat(header(deadReports.get(0), DeadLetterHeaders.REASON)).contains("practiceCode").contains("X99999");
        List<TestRecord<String, byte[]>> deadNotices = fixture.deadLetters("practice-notices");
        assertThat(deadNotices).hasSize(1);
        assertThat(new String(deadNotices.get(0).value(), StandardCharsets.UTF_8)).contains("\"noticeId\":\"n9\"");
        assertThat(fixture.value("QX1", DAY, Indicator.CONTACTS_PER_SESSION)).isEqualTo(15.0);
        // the refused notice is not held, so no notice names DEFER_PILOTS: participation in it does not exist (indicators.md
        // version 2; version 1 gave all ten actions a value, here 0)
        assertThat(fixture.emitted("QX1", DAY, Indicator.PARTICIPATING_PRACTICES, CollectiveAction.DEFER_PILOTS, null)).isNull();
    }
}
