package uk.nhs.impactmonitor.alerts.web;

import java.util.List;
import uk.nhs.impactmonitor.web.problem.FieldError;

/** Small checks shared by the request bodies, each naming its field. */
final class Requests {

    private Requests() {
    }

    static void requireText(List<FieldError> errors, String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required"));
        } else if (value.length() > maxLength) {
            errors.add(new FieldError(field, "at most " + maxLength + " characters"));
        }
    }

    static void optionalText(List<FieldError> errors, String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            errors.add(new FieldError(field, "at most " + maxLength + " characters"));
        }
    }
}
