package uk.nhs.impactmonitor.domain.notice;

/** A notice as last known: still counting, or withdrawn (then it counts on no day). */
public enum NoticeStatus {
    ACTIVE,
    WITHDRAWN
}
