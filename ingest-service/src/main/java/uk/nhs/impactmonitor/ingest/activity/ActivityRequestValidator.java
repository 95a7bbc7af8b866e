package uk.nhs.impactmonitor.ingest.activity;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.ingest.request.JsonFields;
import uk.nhs.impactmonitor.ingest.request.Practices;
import uk.nhs.impactmonitor.web.problem.FieldError;

/**
 * Every rule a daily report must meet (api.md), in one place, for the single endpoint and for each row of
 * a batch (JSON or CSV): known practice, a day not in the future in England, each count a whole number
 * from 0 to {@link JsonFields#MAX_COUNT}, and no more capped sessions than sessions.
 */
@Component
public class ActivityRequestValidator {

    /** A report, or everything wrong with it. */
    public record Checked(DailyReport report, List<FieldError> errors) {
        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    private final PracticeDirectory directory;
    private final Clock clock;

    public ActivityRequestValidator(PracticeDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    public Checked check(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Checked(null, List.of(new FieldError("body", "must be a JSON object with the fields of a daily report")));
        }
        JsonFields fields = new JsonFields(body);
        String practiceCode = Practices.requireKnown(fields, "practiceCode", directory);
        LocalDate day = fields.requiredDate("day");
        LocalDate today = LocalDate.now(clock.withZone(IngestServiceApplication.LONDON));
        if (day != null && day.isAfter(today)) {
            fields.reject("day", "must not be in the future: today in England is " + today + " (got " + day + ")");
        }
        Map<Metric, Integer> counts = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.REPORT_METRICS) {
            Integer value = fields.count(metric.field());
            if (value != null) {
                counts.put(metric, value);
            }
        }
        Integer sessions = counts.get(Metric.CLINICIAN_SESSIONS);
        Integer capped = counts.get(Metric.CAPPED_SESSIONS);
        if (sessions != null && capped != null && capped > sessions) {
            fields.reject("cappedSessions", "must not exceed clinicianSessions (" + capped + " capped of " + sessions + " sessions)");
        }
        if (!fields.errors().isEmpty()) {
            return new Checked(null, List.copyOf(fields.errors()));
        }
        return new Checked(new DailyReport(DailyReport.SCHEMA_VERSION, practiceCode, day,
                counts.get(Metric.CLINICIAN_SESSIONS), counts.get(Metric.PATIENT_CONTACTS), counts.get(Metric.CAPPED_SESSIONS),
                counts.get(Metric.URGENT_CARE_DIVERSIONS), counts.get(Metric.AG_REQUESTS), counts.get(Metric.REFERRALS),
                counts.get(Metric.ONLINE_REQUESTS), clock.instant()), List.of());
    }
}
