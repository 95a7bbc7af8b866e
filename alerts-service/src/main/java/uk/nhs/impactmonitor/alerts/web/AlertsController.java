package uk.nhs.impactmonitor.alerts.web;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.alerts.lifecycle.Alert;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.alert.Severity;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;

/**
 * Alerts as their readers may see them: a region sees its own and its ICBs', an ICB its own, admin all.
 * Acknowledging ("we have it") is for those who manage the area's alerts: the region and admin.
 * <p>
 * {@code ?area=<code>} is the alerts of that one area; {@code ?within=<code>} the alerts of that area and of every
 * area inside it, where "inside" is the directory's geography ({@link PracticeDirectory#isWithin}): England takes in
 * every region and ICB, a region its ICBs, an ICB only itself. Both are checked like any read: an unknown area is a
 * 400 naming the parameter, an area the caller may not read a 403. This is the one place that decides which alerts
 * belong to an area; the planners' page asks here rather than working it out.
 */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertsController {

    private final AlertEngine engine;
    private final SilenceStore silences;
    private final PracticeDirectory directory;
    private final Clock clock;
    private final AuditLog audit;

    AlertsController(AlertEngine engine, SilenceStore silences, PracticeDirectory directory, Clock alertsClock, AuditLog audit) {
        this.engine = engine;
        this.silences = silences;
        this.directory = directory;
        this.clock = alertsClock;
        this.audit = audit;
    }

    @GetMapping
    List<AlertView> alerts(@RequestParam(required = false) AlertState state, @RequestParam(required = false) String area,
                           @RequestParam(required = false) String within, @RequestParam(required = false) Severity severity) {
        MonitorPrincipal caller = CurrentCaller.get();
        requireReadable(caller, "area", area);
        requireReadable(caller, "within", within);
        Instant now = clock.instant();
        return engine.alerts().stream()
                .filter(a -> state == null || a.state() == state)
                .filter(a -> area == null || a.area().equals(area))
                .filter(a -> within == null || directory.isWithin(a.area(), within))
                .filter(a -> severity == null || a.severity() == severity)
                .filter(a -> caller.mayReadArea(a.area(), directory))
                .sorted(Comparator.comparing(Alert::state).thenComparing(Alert::severity, Comparator.reverseOrder())
                        .thenComparing(Alert::area).thenComparing(Alert::rule))
                .map(a -> AlertView.of(a, silences.silencedUntil(a, now)))
                .toList();
    }

    private void requireReadable(MonitorPrincipal caller, String field, String areaCode) {
        if (areaCode == null) {
            return;
        }
        if (directory.area(areaCode).isEmpty()) {
            throw new InvalidRequestException(field, "unknown area '" + areaCode + "'");
        }
        CurrentCaller.require(caller.mayReadArea(areaCode, directory), "read the alerts of " + areaCode);
    }

    @GetMapping("/{alertId}")
    AlertView alert(@PathVariable String alertId) {
        Alert alert = readable(alertId);
        return AlertView.of(alert, silences.silencedUntil(alert, clock.instant()));
    }

    /** @param by who has it (required); @param comment what they are doing about it */
    record AckRequest(String by, String comment) {
    }

    @PostMapping("/{alertId}/ack")
    AlertView acknowledge(@PathVariable String alertId, @RequestBody AckRequest request) {
        Alert alert = readable(alertId);
        CurrentCaller.require(CurrentCaller.get().mayManageAlertsOf(alert.area(), directory), "acknowledge the alerts of " + alert.area());
        List<FieldError> errors = new ArrayList<>();
        Requests.requireText(errors, "by", request == null ? null : request.by(), 200);
        Requests.optionalText(errors, "comment", request == null ? null : request.comment(), 2000);
        if (alert.state() == AlertState.RESOLVED) {
            errors.add(new FieldError("alertId", "alert " + alertId + " is RESOLVED: there is nothing to acknowledge"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Alert acknowledged = engine.acknowledge(alertId, request.by().strip(), request.comment());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", acknowledged.rule());
        detail.put("by", request.by().strip());
        audit.succeeded(AuditAction.ALERT_ACKNOWLEDGED, "alert/" + alertId, acknowledged.area(), HttpStatus.OK.value(), detail);
        return AlertView.of(acknowledged, silences.silencedUntil(acknowledged, clock.instant()));
    }

    private Alert readable(String alertId) {
        Alert alert = engine.find(alertId).orElseThrow(() -> new NotFoundException("no alert " + alertId));
        // 403, as api.md answers anything not allowed: alert ids are hashes of rule, area and action anyone can
        // work out, so a 404 would hide nothing
        CurrentCaller.require(CurrentCaller.get().mayReadArea(alert.area(), directory), "read the alerts of " + alert.area());
        return alert;
    }
}
