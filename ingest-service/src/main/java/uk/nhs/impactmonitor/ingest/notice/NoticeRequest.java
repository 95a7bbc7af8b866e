package uk.nhs.impactmonitor.ingest.notice;

import java.time.LocalDate;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * A notice as a caller sent it, once every rule of api.md holds ({@link NoticeRequestValidator}).
 * {@code noticeId} is null when the caller left the choice to us.
 */
public record NoticeRequest(
        String noticeId,
        String practiceCode,
        CollectiveAction action,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        String submittedBy,
        String note) {
}
