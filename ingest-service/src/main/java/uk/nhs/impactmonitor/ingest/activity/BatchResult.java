package uk.nhs.impactmonitor.ingest.activity;

import java.util.List;
import uk.nhs.impactmonitor.web.problem.FieldError;

/**
 * The answer to a batch (api.md): how many reports went in, and each row that did not, by its line (the
 * CSV line, or the 1-based position in a JSON array) with every field at fault.
 */
public record BatchResult(int accepted, List<RejectedRow> rejected) {

    public record RejectedRow(int line, List<FieldError> errors) {
    }
}
