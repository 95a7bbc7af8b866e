package uk.nhs.impactmonitor.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every refusal into problem details: our own (400 naming the fields, 403, 404) and Spring MVC's
 * (unreadable JSON names the field at fault, a bad query parameter names the parameter, wrong media type,
 * missing parameter...).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private final Supplier<Refusals> auditLog;

    public ProblemHandler() {
        this(() -> Refusals.NONE);
    }

    /** @param auditLog where a refusal of {@code CurrentCaller.require} is recorded (looked up when it happens) */
    public ProblemHandler(Supplier<Refusals> auditLog) {
        this.auditLog = auditLog;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return problem(Problems.invalid(e.errors()));
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e, HttpServletRequest request) {
        // the one place every service's 403 of an access rule passes: recorded in the audit trail as a refusal
        auditLog.get().refused(request, HttpStatus.FORBIDDEN.value(), e.getMessage());
        return problem(Problems.of(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return problem(Problems.of(HttpStatus.NOT_FOUND, "Not found", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        return problem(Problems.invalid(List.of(new FieldError(e.getName(), "'" + e.getValue() + "' is not a valid "
                + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName())))));
    }

    /**
     * Tomcat refuses a query string it cannot decode (bad percent-encoding, bytes that are not UTF-8) only when a
     * parameter is first read; without this it reached Boot's error page as a logged server error with a non-RFC 9457 body.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableQuery(org.apache.tomcat.util.http.InvalidParameterException e) {
        return problem(Problems.invalid(List.of(new FieldError("url", "the query string is not valid percent-encoded UTF-8"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(Problems.invalid(List.of(fieldOf(e))), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return new ResponseEntity<>(Problems.invalid(List.of(new FieldError(e.getParameterName(), "required"))), problemHeaders(),
                HttpStatus.BAD_REQUEST);
    }

    /** Names the JSON field a parse error is about ("[3].agRequests"), or "body" when it is the whole body. */
    static FieldError fieldOf(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (cause instanceof JacksonException jackson) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : jackson.getPath()) {
                if (ref.getPropertyName() != null) {
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            String message = jackson.getOriginalMessage();
            int newline = message == null ? -1 : message.indexOf('\n');
            message = newline > 0 ? message.substring(0, newline) : message;
            return new FieldError(path.isEmpty() ? "body" : path.toString(), "unreadable: " + message);
        }
        return new FieldError("body", e.getMessage() == null ? "unreadable" : "unreadable: " + e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
