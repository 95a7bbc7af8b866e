package uk.nhs.impactmonitor.alerts.web;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.HttpStatus;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.rule.RuleBook;
import uk.nhs.impactmonitor.alerts.silence.Silence;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;

/**
 * "Not now": silences with matchers, who, why and until. A region silences its own area's and its ICBs'
 * alerts by naming the area; a silence without an area would reach other regions, so only admin makes one.
 */
@RestController
@RequestMapping("/api/v1/silences")
class SilencesController {

    private final SilenceStore silences;
    private final AlertEngine engine;
    private final RuleBook rules;
    private final PracticeDirectory directory;
    private final Clock clock;
    private final AuditLog audit;

    SilencesController(SilenceStore silences, AlertEngine engine, RuleBook rules, PracticeDirectory directory, Clock alertsClock,
                       AuditLog audit) {
        this.silences = silences;
        this.engine = engine;
        this.rules = rules;
        this.directory = directory;
        this.clock = alertsClock;
        this.audit = audit;
    }

    record SilenceRequest(Silence.Matchers matchers, Instant until, String by, String comment) {
    }

    @PostMapping
    ResponseEntity<Map<String, String>> create(@RequestBody SilenceRequest request) {
        MonitorPrincipal caller = CurrentCaller.get();
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        Silence.Matchers matchers = request.matchers();
        if (matchers == null || matchers.isEmpty()) {
            errors.add(new FieldError("matchers", "give at least one of rule, area, indicator"));
        } else {
            if (matchers.rule() != null && rules.rule(matchers.rule()).isEmpty()) {
                errors.add(new FieldError("matchers.rule", "no rule '" + matchers.rule() + "'"));
            }
            if (matchers.area() != null && directory.area(matchers.area()).isEmpty()) {
                errors.add(new FieldError("matchers.area", "unknown area '" + matchers.area() + "'"));
            }
            if (matchers.indicator() != null && Indicator.find(matchers.indicator()) == null) {
                errors.add(new FieldError("matchers.indicator", "unknown indicator '" + matchers.indicator() + "'"));
            }
        }
        if (request.until() == null) {
            errors.add(new FieldError("until", "required"));
        } else if (!request.until().isAfter(now)) {
            errors.add(new FieldError("until", "must be in the future"));
        }
        Requests.requireText(errors, "by", request.by(), 200);
        Requests.optionalText(errors, "comment", request.comment(), 2000);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (matchers.area() == null) {
            CurrentCaller.require(caller.isAdmin(), "silence alerts of every area (name an area in matchers.area)");
        } else {
            CurrentCaller.require(caller.mayManageAlertsOf(matchers.area(), directory), "silence the alerts of " + matchers.area());
        }
        Silence silence = new Silence(Silence.SCHEMA_VERSION, UUID.randomUUID().toString(), matchers, now, request.until(),
                request.by().strip(), request.comment(), now, null);
        silences.save(silence);
        engine.refreshSilences();
        audit.succeeded(AuditAction.SILENCE_CREATED, "silence/" + silence.silenceId(), matchers.area(), HttpStatus.CREATED.value(),
                detailOf(silence));
        return ResponseEntity.created(URI.create("/api/v1/silences/" + silence.silenceId())).body(Map.of("silenceId", silence.silenceId()));
    }

    @GetMapping
    List<Silence> list() {
        MonitorPrincipal caller = CurrentCaller.get();
        return silences.all().stream()
                .filter(s -> caller.isAdmin() || (s.matchers().area() != null && caller.mayReadArea(s.matchers().area(), directory)))
                .toList();
    }

    /** Ends a silence now; it stays on record with who ended it, and subscribers hear it has ended. */
    @DeleteMapping("/{silenceId}")
    Silence end(@PathVariable String silenceId) {
        MonitorPrincipal caller = CurrentCaller.get();
        Silence silence = silences.find(silenceId).orElseThrow(() -> new NotFoundException("no silence " + silenceId));
        String area = silence.matchers().area();
        CurrentCaller.require(area == null ? caller.isAdmin() : caller.mayManageAlertsOf(area, directory), "end silence " + silenceId);
        Instant now = clock.instant();
        if (silence.hasEndedAt(now)) {
            return silence;
        }
        Silence ended = new Silence(silence.schemaVersion(), silence.silenceId(), silence.matchers(), silence.startsAt(), now,
                silence.by(), silence.comment(), silence.createdAt(), caller.name());
        silences.save(ended);
        engine.refreshSilences();
        audit.succeeded(AuditAction.SILENCE_ENDED, "silence/" + silenceId, area, HttpStatus.OK.value(), detailOf(silence));
        return ended;
    }

    /** What a silence's audit events say of it: its matchers, until when, and who made it (its comment stays on its topic). */
    static Map<String, Object> detailOf(Silence silence) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", silence.matchers().rule());
        detail.put("indicator", silence.matchers().indicator());
        detail.put("until", silence.until().toString());
        detail.put("by", silence.by());
        return detail;
    }

}
