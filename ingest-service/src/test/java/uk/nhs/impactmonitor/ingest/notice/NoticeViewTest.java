package uk.nhs.impactmonitor.ingest.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.notice.NoticeStatus;

/** The notice view keeps the event furthest along the topic, whichever arrives first. */
class NoticeViewTest {

    static NoticeEvent event(NoticeEventType type, LocalDate from) {
        return new NoticeEvent(1, type, "n-1", "Z00001", CollectiveAction.DEFER_PILOTS, from, null, "PM", null, Instant.parse("2024-08-01T10:00:00Z"));
    }

    @Test
    void shouldKeepTheLaterEventWhenTheTopicReplaysAnEarlierOneAfterAnAcknowledgedWrite() {
        // given: a correction recorded on acknowledgement at offset 7
        NoticeView view = new NoticeView();
        view.apply(event(NoticeEventType.CORRECTED, LocalDate.of(2024, 8, 2)), 0, 7);

        // when: the loader then reads the declaration at offset 3, and the correction itself at 7
        view.apply(event(NoticeEventType.DECLARED, LocalDate.of(2024, 8, 1)), 0, 3);
        view.apply(event(NoticeEventType.CORRECTED, LocalDate.of(2024, 8, 2)), 0, 7);

        // then
        assertThat(view.find("n-1")).get().extracting(NoticeEvent::type).isEqualTo(NoticeEventType.CORRECTED);
        assertThat(view.find("n-1").get().effectiveFrom()).isEqualTo(LocalDate.of(2024, 8, 2));
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void shouldReportWithdrawnWhenTheLatestEventIsAWithdrawal() {
        // given
        NoticeView view = new NoticeView();

        // when
        view.apply(event(NoticeEventType.DECLARED, LocalDate.of(2024, 8, 1)), 1, 0);
        view.apply(event(NoticeEventType.WITHDRAWN, LocalDate.of(2024, 8, 1)), 1, 1);

        // then
        assertThat(view.find("n-1").orElseThrow().status()).isEqualTo(NoticeStatus.WITHDRAWN);
        assertThat(view.matching(n -> n.status() == NoticeStatus.ACTIVE)).isEmpty();
    }

    @Test
    void shouldWaitOnlyUntilCaughtUpWhenTheLoaderHasReadTheTopic() {
        // given
        NoticeView view = new NoticeView();

        // when
        boolean before = view.awaitCaughtUp(Duration.ofMillis(10));
        view.markCaughtUp();
        boolean after = view.awaitCaughtUp(Duration.ofMillis(10));

        // then
        assertThat(before).isFalse();
        assertThat(after).isTrue();
    }
}
