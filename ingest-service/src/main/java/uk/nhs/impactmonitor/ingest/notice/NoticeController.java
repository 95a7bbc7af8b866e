package uk.nhs.impactmonitor.ingest.notice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/** api.md, ingest-service: notices of the work a practice is ceasing. */
@RestController
@RequestMapping("/api/v1/notices")
class NoticeController {

    private final NoticeRequestValidator validator;
    private final NoticeService notices;
    private final PracticeDirectory directory;
    private final IngestMetrics metrics;
    private final AuditLog audit;

    NoticeController(NoticeRequestValidator validator, NoticeService notices, PracticeDirectory directory, IngestMetrics metrics, AuditLog audit) {
        this.validator = validator;
        this.notices = notices;
        this.directory = directory;
        this.metrics = metrics;
        this.audit = audit;
    }

    /** 202 when written; 200 with the stored notice when this noticeId is already known (a resend). */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> declare(@RequestBody JsonNode body) {
        NoticeService.Declared declared = notices.declare(validated(body));
        if (!declared.created()) {
            // a resend of a known noticeId changes nothing: no new declaration in the audit trail
            return ResponseEntity.ok(NoticeResponse.of(declared.notice()));
        }
        recordChange(AuditAction.NOTICE_DECLARED, declared.notice());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted(declared.notice()));
    }

    @PutMapping(path = "/{noticeId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> correct(@PathVariable String noticeId, @RequestBody JsonNode body) {
        requireWellFormed(noticeId);
        NoticeEvent corrected = notices.correct(noticeId, validated(body));
        recordChange(AuditAction.NOTICE_CORRECTED, corrected);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted(corrected));
    }

    @DeleteMapping("/{noticeId}")
    ResponseEntity<Map<String, Object>> withdraw(@PathVariable String noticeId) {
        requireWellFormed(noticeId);
        NoticeEvent withdrawn = notices.withdraw(noticeId);
        recordChange(AuditAction.NOTICE_WITHDRAWN, withdrawn);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted(withdrawn));
    }

    /**
     * A practice credential sees its own practice's notices, an ICB credential its ICB's, admin all (or as
     * filtered); regions have no notice reading in api.md.
     */
    @GetMapping
    List<NoticeResponse> list(@RequestParam(name = "practiceCode", required = false) String practiceCodeParameter,
                              @RequestParam(name = "icb", required = false) String icbParameter) {
        MonitorPrincipal caller = CurrentCaller.get();
        String practiceCode = practiceCodeParameter == null ? null : practiceCodeParameter.trim();
        String icb = icbParameter == null ? null : icbParameter.trim();
        // "?practiceCode=" (as a form sends it) is no filter; a value of only spaces or control characters is a mistake,
        // not a request for every notice
        requireKnownFilters(practiceCode, icb, isBlankButNotEmpty(practiceCodeParameter), isBlankButNotEmpty(icbParameter));
        CurrentCaller.require(caller.role() != Role.REGION, "read notices (a region credential reads indicators and alerts)");
        if (practiceCode != null && !practiceCode.isBlank()) {
            CurrentCaller.require(caller.mayActForPractice(practiceCode, directory), "read the notices of practice " + practiceCode);
        }
        if (icb != null && !icb.isBlank()) {
            CurrentCaller.require(caller.mayReadNoticesOfIcb(icb), "read the notices of ICB " + icb);
        }
        Predicate<NoticeEvent> filter = switch (caller.role()) {
            case PRACTICE -> n -> n.practiceCode().equals(caller.scope());
            case ICB -> n -> directory.practice(n.practiceCode()).map(p -> p.icbCode().equals(caller.scope())).orElse(false);
            default -> n -> true;
        };
        if (practiceCode != null && !practiceCode.isBlank()) {
            filter = filter.and(n -> n.practiceCode().equals(practiceCode));
        }
        if (icb != null && !icb.isBlank()) {
            filter = filter.and(n -> directory.practice(n.practiceCode()).map(p -> p.icbCode().equals(icb)).orElse(false));
        }
        List<NoticeResponse> found = notices.list(filter).stream().map(NoticeResponse::of).toList();
        recordRead(caller, practiceCode, icb, found.size());
        return found;
    }

    /** Every read of practice-level data is in the audit trail: which practice or ICB, and how many notices it saw. */
    private void recordRead(MonitorPrincipal caller, String practiceCode, String icb, int returned) {
        boolean byPractice = practiceCode != null && !practiceCode.isBlank();
        boolean byIcb = icb != null && !icb.isBlank();
        String resource;
        String area;
        if (byPractice) {
            resource = "practice/" + practiceCode;
            area = icbOf(practiceCode);
        } else if (byIcb) {
            resource = "icb/" + icb;
            area = icb;
        } else if (caller.role() == Role.PRACTICE) {
            resource = "practice/" + caller.scope();
            area = icbOf(caller.scope());
        } else if (caller.role() == Role.ICB) {
            resource = "icb/" + caller.scope();
            area = caller.scope();
        } else {
            resource = "notices";
            area = Area.ENGLAND;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("practiceCode", byPractice ? practiceCode : null);
        detail.put("icb", byIcb ? icb : null);
        detail.put("returned", returned);
        audit.succeeded(AuditAction.NOTICES_READ, resource, area, HttpStatus.OK.value(), detail);
    }

    private void recordChange(AuditAction action, NoticeEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("practiceCode", event.practiceCode());
        detail.put("action", event.action() == null ? null : event.action().name());
        detail.put("effectiveFrom", event.effectiveFrom() == null ? null : event.effectiveFrom().toString());
        detail.put("effectiveTo", event.effectiveTo() == null ? null : event.effectiveTo().toString());
        audit.succeeded(action, "notice/" + event.noticeId(), icbOf(event.practiceCode()), HttpStatus.ACCEPTED.value(), detail);
    }

    private String icbOf(String practiceCode) {
        return directory.practice(practiceCode).map(p -> p.icbCode()).orElse(null);
    }

    /**
     * An id no notice can have (outside the id alphabet, or too long) is a malformed request, not an unknown
     * notice: 400 naming it, and the raw id is not echoed back.
     */
    private static void requireWellFormed(String noticeId) {
        if (!NoticeRequestValidator.NOTICE_ID.matcher(noticeId).matches()) {
            throw new InvalidRequestException("noticeId", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
    }

    /** api.md: a practice must be known to the directory; a filter on an unknown practice or ICB is a mistake, not an empty list. */
    private void requireKnownFilters(String practiceCode, String icb, boolean practiceCodeParameterBlank, boolean icbParameterBlank) {
        List<FieldError> errors = new ArrayList<>();
        if (practiceCodeParameterBlank) {
            errors.add(new FieldError("practiceCode", "must not be blank (leave the parameter out to list every notice you may read)"));
        }
        if (icbParameterBlank) {
            errors.add(new FieldError("icb", "must not be blank (leave the parameter out to list every notice you may read)"));
        }
        if (practiceCode != null && !practiceCode.isBlank() && !directory.isKnownPractice(practiceCode.trim())) {
            errors.add(new FieldError("practiceCode", "unknown practice '" + abbreviate(practiceCode) + "': not in the practice directory"));
        }
        if (icb != null && !icb.isBlank() && directory.area(icb.trim()).filter(area -> area.kind() == AreaKind.ICB).isEmpty()) {
            errors.add(new FieldError("icb", "unknown ICB '" + abbreviate(icb) + "': not an ICB code of the practice directory"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private static boolean isBlankButNotEmpty(String parameter) {
        return parameter != null && !parameter.isEmpty() && parameter.trim().isEmpty();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    private NoticeRequest validated(JsonNode body) {
        try {
            return validator.validate(body);
        } catch (InvalidRequestException e) {
            metrics.noticeRejected();
            throw e;
        }
    }

    private static Map<String, Object> accepted(NoticeEvent event) {
        return Map.of("noticeId", event.noticeId(), "status", "ACCEPTED", "change", event.type().name());
    }
}
