package uk.nhs.impactmonitor.ingest.notice;

/** The notice is in a state that forbids the change (a withdrawn notice cannot be corrected or withdrawn again): 409. */
public class NoticeConflictException extends RuntimeException {
    public NoticeConflictException(String message) {
        super(message);
    }
}
