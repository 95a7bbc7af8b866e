package uk.nhs.impactmonitor.ingest.notice;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.ingest.request.JsonFields;
import uk.nhs.impactmonitor.ingest.request.Practices;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;

/** Every rule a notice must meet (api.md), checked in one place; all faults are reported together. */
@Component
public class NoticeRequestValidator {

    /** Client-chosen ids go into URLs and logs, so they are kept to a safe alphabet. */
    static final Pattern NOTICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String ACTIONS = Arrays.stream(CollectiveAction.values()).map(Enum::name).collect(Collectors.joining(", "));

    private final PracticeDirectory directory;

    public NoticeRequestValidator(PracticeDirectory directory) {
        this.directory = directory;
    }

    public NoticeRequest validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object with the fields of a notice");
        }
        JsonFields fields = new JsonFields(body);
        String noticeId = fields.optionalString("noticeId", 64);
        if (noticeId != null && !NOTICE_ID.matcher(noticeId).matches()) {
            fields.reject("noticeId", "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        String practiceCode = Practices.requireKnown(fields, "practiceCode", directory);
        CollectiveAction action = null;
        String actionId = fields.requiredString("action", 64);
        if (actionId != null) {
            action = CollectiveAction.fromId(actionId);
            if (action == null) {
                fields.reject("action", "unknown action '" + actionId + "': must be one of " + ACTIONS);
            }
        }
        LocalDate effectiveFrom = fields.requiredDate("effectiveFrom");
        LocalDate effectiveTo = fields.optionalDate("effectiveTo");
        if (effectiveFrom != null && effectiveTo != null && effectiveTo.isBefore(effectiveFrom)) {
            fields.reject("effectiveTo", "must not be before effectiveFrom (" + effectiveTo + " is before " + effectiveFrom + ")");
        }
        String submittedBy = fields.requiredString("submittedBy", 200);
        String note = fields.optionalString("note", 2000);
        List<FieldError> errors = fields.errors();
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new NoticeRequest(noticeId, practiceCode, action, effectiveFrom, effectiveTo, submittedBy, note);
    }
}
