package uk.nhs.impactmonitor.alerts.nflog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.domain.alert.AlertState;
import uk.nhs.impactmonitor.domain.alert.Severity;

/**
 * What was last sent to a receiver about one item (an alert, or a silence made or ended). The dedup key of
 * the brief, subscription + alertId + state + severity + startsAt, is this record's key (receiver + item)
 * together with its {@code state}, {@code severity} and {@code startsAt}: keyed this way the compacted
 * topic keeps exactly one record per receiver and alert, however long the alert lives.
 *
 * @param receiver {@code <subscriptionId>/webhook}, {@code <subscriptionId>/email} or {@code alertmanager}
 * @param item     the alert id, or {@code silence/<id>/created|ended}
 * @param sentAt   when it was last delivered (repeats count from here)
 * @param sends    how many times it has been delivered in this state (1 + repeats)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationRecord(
        @JsonProperty(required = true) int schemaVersion,
        String receiver,
        String item,
        AlertState state,
        Severity severity,
        Instant startsAt,
        Instant sentAt,
        int sends) {

    public static final int SCHEMA_VERSION = 1;

    /** Whether a record read back can be acted on: the dedup needs who, what and when. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            problems.add("schemaVersion " + schemaVersion + " is not " + SCHEMA_VERSION);
        }
        if (receiver == null || item == null || sentAt == null || sends < 1) {
            problems.add("receiver, item, sentAt and sends (at least 1) are required");
        }
        return problems;
    }

    public static String key(String receiver, String item) {
        return receiver + "|" + item;
    }

    public String key() {
        return key(receiver, item);
    }
}
