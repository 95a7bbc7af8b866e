package uk.nhs.impactmonitor.ingest.request;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.web.problem.FieldError;

/**
 * Reads the fields of one JSON object and collects every problem, so a request is answered with all its
 * faults at once rather than one per attempt. Counts must be JSON numbers: a string, a fraction, a null
 * or a missing count is refused rather than guessed at.
 */
public final class JsonFields {

    /** An absurd day for one practice: ten times the busiest practice's whole list. */
    public static final long MAX_COUNT = 1_000_000;

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    public JsonFields(JsonNode body) {
        this.body = body;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public boolean hasErrorOn(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** A non-blank string of at most {@code maxLength} characters, or null (and an error) when it is not one. */
    public String requiredString(String field, int maxLength) {
        JsonNode node = body.get(field);
        if (absent(field, node)) {
            return null;
        }
        return string(field, node, maxLength);
    }

    /** Like {@link #requiredString} but missing or null is fine. */
    public String optionalString(String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return string(field, node, maxLength);
    }

    public LocalDate requiredDate(String field) {
        JsonNode node = body.get(field);
        if (absent(field, node)) {
            return null;
        }
        return date(field, node);
    }

    public LocalDate optionalDate(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return date(field, node);
    }

    /** A whole number from 0 to {@link #MAX_COUNT}; null (and an error) otherwise. */
    public Integer count(String field) {
        JsonNode node = body.get(field);
        if (absent(field, node)) {
            return null;
        }
        if (node.isString()) {
            String text = node.stringValue();
            reject(field, isNumeric(text) ? "must be a JSON number, not a string (got \"" + text + "\")"
                    : "must be a whole number (got \"" + abbreviate(text) + "\")");
            return null;
        }
        if (!node.isNumber()) {
            reject(field, "must be a whole number (got " + kind(node) + ")");
            return null;
        }
        if (!node.isIntegralNumber()) {
            reject(field, "must be a whole number (got " + node + ")");
            return null;
        }
        BigInteger value = node.bigIntegerValue();
        if (value.signum() < 0) {
            reject(field, "must not be negative (got " + value + ")");
            return null;
        }
        if (value.compareTo(BigInteger.valueOf(MAX_COUNT)) > 0) {
            reject(field, "must be at most " + MAX_COUNT + ": more than a million in one day is not a plausible count for one practice (got "
                    + abbreviate(value.toString()) + ")");
            return null;
        }
        return value.intValue();
    }

    private boolean absent(String field, JsonNode node) {
        if (node == null || node.isMissingNode()) {
            reject(field, "required");
            return true;
        }
        if (node.isNull()) {
            reject(field, "required (was null)");
            return true;
        }
        return false;
    }

    private String string(String field, JsonNode node, int maxLength) {
        if (!node.isString()) {
            reject(field, "must be a string (got " + kind(node) + ")");
            return null;
        }
        String value = node.stringValue().trim();
        if (value.isEmpty()) {
            reject(field, "required (was blank)");
            return null;
        }
        if (value.length() > maxLength) {
            reject(field, "must be at most " + maxLength + " characters (got " + value.length() + ")");
            return null;
        }
        return value;
    }

    private LocalDate date(String field, JsonNode node) {
        if (!node.isString()) {
            reject(field, "must be an ISO date like 2024-08-01 (got " + kind(node) + ")");
            return null;
        }
        try {
            return LocalDate.parse(node.stringValue().trim());
        } catch (DateTimeParseException e) {
            reject(field, "must be an ISO date like 2024-08-01 (got \"" + abbreviate(node.stringValue()) + "\")");
            return null;
        }
    }

    private static boolean isNumeric(String text) {
        return text.trim().matches("-?\\d+(\\.\\d+)?");
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isBoolean()) {
            return node.toString();
        }
        if (node.isNumber()) {
            return "the number " + node;
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Echoes the value back, but never a whole pasted document. */
    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
