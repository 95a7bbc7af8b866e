package uk.nhs.impactmonitor.ingest.activity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;

/** api.md, ingest-service: what a practice did each day, one report or a batch (JSON array or CSV). */
@RestController
@RequestMapping("/api/v1/activity")
class ActivityController {

    static final String TEXT_CSV = "text/csv";

    private final ActivityService activity;

    ActivityController(ActivityService activity) {
        this.activity = activity;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Map<String, Object>> submit(@RequestBody JsonNode body) {
        DailyReport report = activity.submit(body);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("key", report.key(), "status", "ACCEPTED"));
    }

    @PostMapping(path = "/batch", consumes = "application/json")
    ResponseEntity<BatchResult> submitJsonBatch(@RequestBody JsonNode body) {
        if (!body.isArray()) {
            throw new InvalidRequestException("body", "must be a JSON array of daily reports (or send text/csv)");
        }
        List<ActivityService.Row> rows = new ArrayList<>();
        int line = 0;
        for (JsonNode element : body) {
            rows.add(new ActivityService.Row(++line, element));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(activity.submitBatch(rows));
    }

    /** Bytes, not String: a CSV is read as UTF-8 whatever charset the client forgot to declare. */
    @PostMapping(path = "/batch", consumes = TEXT_CSV)
    ResponseEntity<BatchResult> submitCsvBatch(@RequestBody byte[] body) {
        String csv = new String(body, StandardCharsets.UTF_8);
        List<ActivityService.Row> rows = CsvActivityReader.read(csv).stream()
                .map(row -> new ActivityService.Row(row.line(), row.fields(), row.shapeErrors()))
                .toList();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(activity.submitBatch(rows));
    }
}
