package uk.nhs.impactmonitor.ingest.notice;

import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.notice.NoticeStatus;

/**
 * A notice as last known (api.md, {@code GET /api/v1/notices}), with its {@code status}; {@code lastChange}
 * and {@code updatedAt} say which event made it so and when, {@code actionTitle} is for people.
 */
public record NoticeResponse(
        String noticeId,
        String practiceCode,
        CollectiveAction action,
        String actionTitle,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        String submittedBy,
        String note,
        NoticeStatus status,
        NoticeEventType lastChange,
        Instant updatedAt) {

    public static NoticeResponse of(NoticeEvent event) {
        return new NoticeResponse(event.noticeId(), event.practiceCode(), event.action(), event.action() == null ? null : event.action().title(),
                event.effectiveFrom(), event.effectiveTo(), event.submittedBy(), event.note(), event.status(), event.type(), event.occurredAt());
    }
}
