package uk.nhs.impactmonitor.domain.calendar;

/** A bank-holidays file that cannot be read; the message names the file and the line. */
public final class CalendarFormatException extends RuntimeException {

    public CalendarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
