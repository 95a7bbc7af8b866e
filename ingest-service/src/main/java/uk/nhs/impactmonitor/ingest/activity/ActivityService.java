package uk.nhs.impactmonitor.ingest.activity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * Daily reports to {@code practice-activity}, keyed {@code practiceCode/day} so a later report for the same
 * practice and day replaces the earlier one downstream. A batch writes its valid rows and names the rest;
 * a row for a practice the caller may not submit for is a rejected row, not a failed batch.
 */
@Service
public class ActivityService {

    /**
     * One row of a batch before it is judged: its line, its fields as JSON, and what was already wrong with
     * its shape when it was read (a CSV row with more or fewer cells than the header).
     */
    public record Row(int line, tools.jackson.databind.JsonNode fields, List<FieldError> readErrors) {
        public Row(int line, tools.jackson.databind.JsonNode fields) {
            this(line, fields, List.of());
        }
    }

    private final ActivityRequestValidator validator;
    private final RecordPublisher publisher;
    private final PracticeDirectory directory;
    private final IngestMetrics metrics;
    private final AuditLog audit;

    public ActivityService(ActivityRequestValidator validator, RecordPublisher publisher, PracticeDirectory directory, IngestMetrics metrics,
                           AuditLog audit) {
        this.validator = validator;
        this.publisher = publisher;
        this.directory = directory;
        this.metrics = metrics;
        this.audit = audit;
    }

    public DailyReport submit(tools.jackson.databind.JsonNode body) {
        MonitorPrincipal caller = CurrentCaller.get();
        ActivityRequestValidator.Checked checked = validator.check(body);
        if (!checked.isValid()) {
            metrics.reportsRejected(1);
            throw new InvalidRequestException(checked.errors());
        }
        DailyReport report = checked.report();
        CurrentCaller.require(caller.mayActForPractice(report.practiceCode(), directory), "submit activity for practice " + report.practiceCode());
        publisher.publish(Topics.PRACTICE_ACTIVITY, report.key(), report, caller.name());
        metrics.reportsAccepted(1);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("accepted", 1);
        detail.put("rejected", 0);
        detail.put("day", report.day().toString());
        audit.succeeded(AuditAction.ACTIVITY_ACCEPTED, "practice/" + report.practiceCode(),
                directory.practice(report.practiceCode()).map(p -> p.icbCode()).orElse(null), HttpStatus.ACCEPTED.value(), detail);
        return report;
    }

    public BatchResult submitBatch(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new InvalidRequestException("body", "the batch has no reports");
        }
        MonitorPrincipal caller = CurrentCaller.get();
        // a credential that can submit for no practice at all is refused outright, not row by row
        CurrentCaller.require(caller.role() != Role.REGION, "submit activity (a region credential reads indicators and alerts)");
        List<RecordPublisher.Keyed<String, DailyReport>> valid = new ArrayList<>();
        List<BatchResult.RejectedRow> rejected = new ArrayList<>();
        for (Row row : rows) {
            ActivityRequestValidator.Checked checked = validator.check(row.fields());
            if (!checked.isValid() || !row.readErrors().isEmpty()) {
                List<FieldError> errors = new ArrayList<>(row.readErrors());
                errors.addAll(checked.errors());
                rejected.add(new BatchResult.RejectedRow(row.line(), errors));
            } else if (!caller.mayActForPractice(checked.report().practiceCode(), directory)) {
                rejected.add(new BatchResult.RejectedRow(row.line(), List.of(new FieldError("practiceCode",
                        "forbidden: " + caller.name() + " may not submit activity for practice " + checked.report().practiceCode()))));
            } else {
                valid.add(new RecordPublisher.Keyed<>(checked.report().key(), checked.report()));
            }
        }
        if (!valid.isEmpty()) {
            publisher.publishAll(Topics.PRACTICE_ACTIVITY, valid, caller.name());
        }
        metrics.reportsAccepted(valid.size());
        metrics.reportsRejected(rejected.size());
        recordBatch(caller, valid, rejected.size());
        return new BatchResult(valid.size(), rejected);
    }

    /**
     * One event per batch, with its counts; its area is the smallest holding every practice written (their ICB, their
     * region, or England), or the caller's own when nothing was written.
     */
    private void recordBatch(MonitorPrincipal caller, List<RecordPublisher.Keyed<String, DailyReport>> valid, int rejected) {
        Set<String> practices = new TreeSet<>();
        valid.forEach(row -> practices.add(row.value().practiceCode()));
        List<String> icbs = practices.stream().map(code -> directory.practice(code).map(p -> p.icbCode()).orElse(null)).toList();
        String area = AuditLog.narrowestArea(icbs, directory);
        if (area == null) {
            area = switch (caller.role()) {
                case ICB -> caller.scope();
                case PRACTICE -> directory.practice(caller.scope()).map(p -> p.icbCode()).orElse(null);
                default -> null;
            };
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("accepted", valid.size());
        detail.put("rejected", rejected);
        detail.put("practices", practices.size());
        audit.succeeded(AuditAction.ACTIVITY_ACCEPTED, practices.size() == 1 ? "practice/" + practices.iterator().next() : "activity/batch",
                area, HttpStatus.ACCEPTED.value(), detail);
    }
}
