package uk.nhs.impactmonitor.domain.notice;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * A change to a practice's notice that it ceases some work: declared, corrected (e.g. new dates) or
 * withdrawn. Every event carries all the notice's fields as they stand after the change, so a reader
 * needs only the latest event of a {@code noticeId}.
 */
public record NoticeEvent(
        @JsonProperty(required = true) int schemaVersion,
        NoticeEventType type,
        String noticeId,
        String practiceCode,
        CollectiveAction action,
        LocalDate effectiveFrom,
        LocalDate effectiveTo,
        String submittedBy,
        String note,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public NoticeStatus status() {
        return type == NoticeEventType.WITHDRAWN ? NoticeStatus.WITHDRAWN : NoticeStatus.ACTIVE;
    }

    /** Whether the action counts at the practice on {@code day}: in force from/to inclusive, unless withdrawn. */
    public boolean inForceOn(LocalDate day) {
        return type != NoticeEventType.WITHDRAWN
                && !day.isBefore(effectiveFrom)
                && (effectiveTo == null || !day.isAfter(effectiveTo));
    }

    /** Problems that make this record unusable downstream (empty when it is sound). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion: expected " + SCHEMA_VERSION + " but was " + schemaVersion);
        }
        if (type == null) {
            problems.add("type: required");
        }
        if (noticeId == null || noticeId.isBlank()) {
            problems.add("noticeId: required");
        }
        if (practiceCode == null || practiceCode.isBlank()) {
            problems.add("practiceCode: required");
        }
        if (action == null) {
            problems.add("action: required");
        }
        if (effectiveFrom == null) {
            problems.add("effectiveFrom: required");
        } else if (effectiveTo != null && effectiveTo.isBefore(effectiveFrom)) {
            problems.add("effectiveTo: must not be before effectiveFrom");
        }
        return problems;
    }
}
