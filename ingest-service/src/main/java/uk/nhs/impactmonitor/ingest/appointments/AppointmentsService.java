package uk.nhs.impactmonitor.ingest.appointments;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.ingest.kafka.KafkaUnavailableException;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.web.audit.AuditLog;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * NHS England's appointments file to {@code area-appointments}: one record per sub-ICB-day, keyed
 * {@code subIcb/day} on a compacted topic, so a sub-ICB-day sent again replaces what was held. The whole file
 * is judged before anything is sent, so no bad line (nor a sum it would spoil) reaches Kafka.
 *
 * <p>The records go in parts of {@link #PART} sub-ICB-days, each acknowledged within the Kafka timeout: a dead
 * broker is still answered 503 within it, while a national file (15,025 sub-ICB-days for five months) is not held
 * to the deadline of one notice. After a 503 some parts may be written; sending the same file again is safe,
 * since every sub-ICB-day replaces what was held for it.
 */
@Service
public class AppointmentsService {

    /** Sub-ICB-days per acknowledged write (a month of England is about 3,000). */
    static final int PART = 2_000;

    private static final Logger log = LoggerFactory.getLogger(AppointmentsService.class);

    private final SubIcbLocations locations;
    private final RecordPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final AuditLog audit;
    private final PracticeDirectory directory;

    /** Without an audit trail (unit tests). */
    public AppointmentsService(SubIcbLocations locations, RecordPublisher publisher, IngestMetrics metrics, Clock clock) {
        this(locations, publisher, metrics, clock, AuditLog.NONE, null);
    }

    @Autowired
    public AppointmentsService(SubIcbLocations locations, RecordPublisher publisher, IngestMetrics metrics, Clock clock, AuditLog audit,
                               PracticeDirectory directory) {
        this.locations = locations;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.audit = audit;
        this.directory = directory;
    }

    public AppointmentsResult submit(byte[] csv) {
        MonitorPrincipal caller = CurrentCaller.get();
        // api.md: admin, or an ICB for its own sub-ICBs; a practice or a region may send none, so the file is refused whole
        CurrentCaller.require(caller.role() == Role.ADMIN || caller.role() == Role.ICB,
                "send appointments files (admin, or an ICB credential for its sub-ICB locations)");
        long start = System.nanoTime();
        LocalDate today = LocalDate.now(clock.withZone(IngestServiceApplication.LONDON));
        AppointmentsFile.Judged judged = new AppointmentsFile(locations, caller, today).judge(csv);
        long judgedAt = System.nanoTime();
        List<SubIcbAppointments> records = judged.records();
        for (int from = 0; from < records.size(); from += PART) {
            try {
                publisher.publishAll(Topics.AREA_APPOINTMENTS, records.subList(from, Math.min(records.size(), from + PART)).stream()
                        .map(r -> new RecordPublisher.Keyed<>(r.key(), r)).toList(), caller.name());
            } catch (KafkaUnavailableException e) {
                if (from == 0) {
                    throw e;
                }
                throw new KafkaUnavailableException(e.getMessage(), e, "Only part of the file was accepted (" + from + " of "
                        + records.size() + " sub-ICB-days acknowledged; sending the whole file again is safe, each sub-ICB-day replaces itself)");
            }
            metrics.appointmentSubIcbDays(Math.min(PART, records.size() - from));
        }
        metrics.appointmentRows(judged.acceptedRows(), judged.rejectedLines());
        log.info("Appointments file from {}: {} rows accepted, {} rejected; {} sub-ICB-days written (read in {} ms, written in {} ms)",
                caller.name(), judged.acceptedRows(), judged.rejectedLines(), records.size(),
                (judgedAt - start) / 1_000_000, (System.nanoTime() - judgedAt) / 1_000_000);
        recordFile(caller, judged, records);
        return new AppointmentsResult(judged.acceptedRows(), judged.rejected(), judged.rejectedLines(), records.size());
    }

    /** One event per file, with its counts; its area is the smallest holding every sub-ICB written (or the ICB caller's own). */
    private void recordFile(MonitorPrincipal caller, AppointmentsFile.Judged judged, List<SubIcbAppointments> records) {
        Set<String> icbs = new TreeSet<>();
        records.forEach(r -> locations.icbOf(r.subIcb()).ifPresent(icbs::add));
        String area = directory == null ? null : AuditLog.narrowestArea(icbs, directory);
        if (area == null && caller.role() == Role.ICB) {
            area = caller.scope();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("accepted", judged.acceptedRows());
        detail.put("rejectedLines", judged.rejectedLines());
        detail.put("subIcbDays", records.size());
        audit.succeeded(AuditAction.APPOINTMENTS_ACCEPTED, "appointments/file", area, HttpStatus.ACCEPTED.value(), detail);
    }
}
