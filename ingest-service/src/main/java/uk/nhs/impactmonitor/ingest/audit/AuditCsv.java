package uk.nhs.impactmonitor.ingest.audit;

import java.util.List;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * The audit trail as CSV (RFC 4180), for whoever opens it in a spreadsheet: one row per event, the detail as its JSON.
 * As impact-streams' indicator CSV: a text cell a spreadsheet would read as a formula (starting with
 * {@code = + - @}, a tab or a carriage return) is prefixed with a quote; a path or a name is caller-controlled text.
 */
final class AuditCsv {

    static final String HEADER = "eventId,at,service,action,outcome,status,subject,name,role,scope,credential,resource,area,detail";

    private AuditCsv() {
    }

    static String write(List<AuditEvent> events) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (AuditEvent event : events) {
            AuditEvent.Actor actor = event.actor();
            csv.append(event.eventId()).append(',')
                    .append(event.at()).append(',')
                    .append(text(event.service())).append(',')
                    .append(event.action()).append(',')
                    .append(event.outcome()).append(',')
                    .append(event.status() == null ? "" : event.status().toString()).append(',')
                    .append(text(actor.subject())).append(',')
                    .append(text(actor.name())).append(',')
                    .append(text(actor.role())).append(',')
                    .append(text(actor.scope())).append(',')
                    .append(actor.credential()).append(',')
                    .append(text(event.resource())).append(',')
                    .append(text(event.area())).append(',')
                    .append(text(event.detail().isEmpty() ? "" : Json.MAPPER.writeValueAsString(event.detail())))
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** A text cell, defused against formula injection and quoted when it needs to be. */
    static String text(String cell) {
        if (cell == null) {
            return "";
        }
        String safe = cell;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            safe = "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
