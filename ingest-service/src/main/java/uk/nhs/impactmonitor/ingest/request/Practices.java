package uk.nhs.impactmonitor.ingest.request;

import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/** The practice-code rule shared by notices and reports: the practice must be known to the directory. */
public final class Practices {

    private Practices() {
    }

    public static String requireKnown(JsonFields fields, String field, PracticeDirectory directory) {
        String code = fields.requiredString(field, 16);
        if (code != null && !directory.isKnownPractice(code)) {
            fields.reject(field, "unknown practice '" + code + "': not in the practice directory");
            return null;
        }
        return code;
    }
}
