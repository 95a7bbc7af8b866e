package uk.nhs.impactmonitor.ingest.audit;

import uk.nhs.impactmonitor.web.csv.CsvNegotiation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * {@code GET /api/v1/audit?from=&to=&actor=&area=}: the audit trail of all three services (issue 18). Admin reads all
 * of it; a region the events about its own area (its region and its ICBs); anyone else is refused (403). JSON by
 * default, CSV with {@code Accept: text/csv}. The read is itself recorded ({@code AUDIT_READ}).
 */
@RestController
class AuditController {

    static final MediaType TEXT_CSV = CsvNegotiation.TEXT_CSV;
    private static final String WHEN = "must be an ISO instant (2024-08-05T09:00:00Z) or an ISO date (2024-08-05, that day in Europe/London)";

    private final AuditTrail trail;
    private final PracticeDirectory directory;
    private final AuditLog audit;

    AuditController(AuditTrail trail, PracticeDirectory directory, AuditLog audit) {
        this.trail = trail;
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * @param from  events at or after it: an instant, or a date (from that day's start in London)
     * @param to    events at or before it: an instant, or a date (to that day's end in London)
     * @param actor who acted: a subject or a name, whatever its case
     * @param area  an ICB, region or England: events about it or an area within it
     */
    @GetMapping(path = "/api/v1/audit", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    ResponseEntity<?> events(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) String actor, @RequestParam(required = false) String area,
                             HttpServletRequest request) {
        MonitorPrincipal caller = CurrentCaller.get();
        CurrentCaller.require(caller.role() == Role.ADMIN || caller.role() == Role.REGION,
                "read the audit trail (admin, or a region credential for its own area)");
        List<FieldError> errors = new ArrayList<>();
        Instant fromInstant = instant(errors, "from", from, false);
        Instant toExclusive = instant(errors, "to", to, true);
        String areaCode = area == null || area.isBlank() ? null : area.strip();
        if (areaCode != null && directory.area(areaCode).isEmpty()) {
            errors.add(new FieldError("area", "unknown area '" + abbreviate(areaCode) + "': not an ICB, region or England of the directory"));
        }
        if (fromInstant != null && toExclusive != null && !fromInstant.isBefore(toExclusive)) {
            errors.add(new FieldError("to", "must not be before from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (areaCode != null) {
            CurrentCaller.require(caller.isAdmin() || caller.mayReadArea(areaCode, directory), "read the audit trail of " + areaCode);
        }
        String who = actor == null || actor.isBlank() ? null : actor.strip();
        Predicate<AuditEvent> matching = event -> (fromInstant == null || !event.at().isBefore(fromInstant))
                && (toExclusive == null || event.at().isBefore(toExclusive))
                && (who == null || who.equalsIgnoreCase(event.actor().subject()) || who.equalsIgnoreCase(event.actor().name()))
                && (areaCode == null || (event.area() != null && directory.isWithin(event.area(), areaCode)))
                // a region sees what concerns its region and its ICBs; England-wide and area-less events are admin's
                && (caller.isAdmin() || (event.area() != null && !Area.ENGLAND.equals(event.area()) && directory.isWithin(event.area(), caller.scope())));
        List<AuditEvent> events = trail.find(matching);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", from);
        detail.put("to", to);
        detail.put("actor", who);
        detail.put("area", areaCode);
        detail.put("returned", events.size());
        audit.succeeded(AuditAction.AUDIT_READ, "audit", caller.isAdmin() ? areaCode : areaCode == null ? caller.scope() : areaCode,
                HttpStatus.OK.value(), detail);
        if (CsvNegotiation.wantsCsv(request)) {
            return ResponseEntity.ok().contentType(TEXT_CSV).body(AuditCsv.write(events));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(events);
    }

    /** An instant, or a date meaning its whole day in London: its start for {@code from}, the next day's start for {@code to}. */
    private static Instant instant(List<FieldError> errors, String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            Instant instant = Instant.parse(text);
            return end ? instant.plusNanos(1) : instant;
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(IngestServiceApplication.LONDON).toInstant();
            } catch (DateTimeParseException notADate) {
                errors.add(new FieldError(field, "'" + abbreviate(text) + "' " + WHEN));
                return null;
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
