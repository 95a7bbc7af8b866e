package uk.nhs.impactmonitor.domain.notice;

/** What happened to a notice; downstream replays the full history from these. */
public enum NoticeEventType {
    DECLARED,
    CORRECTED,
    WITHDRAWN
}
