package uk.nhs.impactmonitor.web.problem;

/** One thing wrong with a request, named by its JSON field (or CSV column). */
public record FieldError(String field, String message) {
}
