package uk.nhs.impactmonitor.streams.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;

/**
 * What the national model consumes: exactly one of a notice event or a daily report. One type lets both
 * inputs share one repartition topic, so their relative order is kept as they meet in the model's task.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInput(NoticeEvent notice, DailyReport report) {

    public static ModelInput of(NoticeEvent notice) {
        return new ModelInput(notice, null);
    }

    public static ModelInput of(DailyReport report) {
        return new ModelInput(null, report);
    }

    public String practiceCode() {
        return notice != null ? notice.practiceCode() : report.practiceCode();
    }

    /** Problems that make the record unusable (empty when sound). */
    public List<String> problems() {
        if ((notice == null) == (report == null)) {
            return List.of("exactly one of notice and report is required");
        }
        return notice != null ? notice.problems() : report.problems();
    }
}
