package uk.nhs.impactmonitor.web.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * RFC 9457 problem details as {@code api.md} wants them: {@code type}, {@code title}, {@code status},
 * {@code detail}, and for validation errors an {@code errors} array of {@code {field, message}}.
 */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://impact-monitor.nhs.uk/problems/" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
        return problem;
    }

    public static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(FieldError::field).toList()));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** For filters, which run before Spring MVC's message converters. */
    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        write(response, of(status, title, detail));
    }

    /** A 400 naming the fields, for filters. */
    public static void writeInvalid(HttpServletResponse response, List<FieldError> errors) throws IOException {
        write(response, invalid(errors));
    }

    /** Any problem, with its extra properties (e.g. {@code errors}), for filters. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        HttpStatus status = HttpStatus.valueOf(problem.getStatus());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
    }
}
