package uk.nhs.impactmonitor.domain.audit;

/** What an {@link AuditEvent} records: a change of state, a read of practice-level data, or a refused request. */
public enum AuditAction {
    /** A notice written for the first time (a resend of a known noticeId is no new declaration and is not recorded). */
    NOTICE_DECLARED,
    NOTICE_CORRECTED,
    NOTICE_WITHDRAWN,
    /** Daily activity accepted: one report, or a batch (JSON or CSV) with its counts. */
    ACTIVITY_ACCEPTED,
    /** NHS England's appointments file accepted, with its counts. */
    APPOINTMENTS_ACCEPTED,
    /** A list of notices read: practice-level data, so every read is recorded (issue 18). */
    NOTICES_READ,
    /** The audit trail itself read (admin or a region). */
    AUDIT_READ,
    ALERT_ACKNOWLEDGED,
    SILENCE_CREATED,
    /** A silence ended by someone before its time ({@code DELETE /api/v1/silences/{id}}). */
    SILENCE_ENDED,
    /** A silence reached its end ({@code until}); recorded by the service, once per silence. */
    SILENCE_EXPIRED,
    SUBSCRIPTION_ADDED,
    SUBSCRIPTION_REMOVED,
    /** A request refused: 401 (no or unknown credential, a JWT refused) or 403 (a credential that may not do it). */
    REQUEST_REFUSED
}
