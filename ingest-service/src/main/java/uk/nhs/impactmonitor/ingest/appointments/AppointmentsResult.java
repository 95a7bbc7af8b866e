package uk.nhs.impactmonitor.ingest.appointments;

import java.util.List;
import uk.nhs.impactmonitor.ingest.activity.BatchResult.RejectedRow;

/**
 * The answer to an appointments file (api.md): rows accepted, each rejected line with its reasons (the first
 * {@link AppointmentsFile#MAX_LISTED_REJECTIONS} by line; {@code rejectedLines} counts them all) and the
 * sub-ICB-days written.
 */
public record AppointmentsResult(int accepted, List<RejectedRow> rejected, int rejectedLines, int subIcbDays) {
}
