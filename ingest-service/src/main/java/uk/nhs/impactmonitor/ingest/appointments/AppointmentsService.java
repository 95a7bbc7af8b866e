package uk.nhs.impactmonitor.ingest.appointments;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Service;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.web.security.CurrentCaller;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * NHS England's appointments file to {@code area-appointments}: one record per sub-ICB-day, keyed
 * {@code subIcb/day} on a compacted topic, so a sub-ICB-day sent again replaces what was held. The whole file
 * is judged before anything is sent, so no bad line (nor a sum it would spoil) reaches Kafka.
 */
@Service
public class AppointmentsService {

    private final SubIcbLocations locations;
    private final RecordPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;

    public AppointmentsService(SubIcbLocations locations, RecordPublisher publisher, IngestMetrics metrics, Clock clock) {
        this.locations = locations;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    public AppointmentsResult submit(byte[] csv) {
        MonitorPrincipal caller = CurrentCaller.get();
        // api.md: admin, or an ICB for its own sub-ICBs; a practice or a region may send none, so the file is refused whole
        CurrentCaller.require(caller.role() == Role.ADMIN || caller.role() == Role.ICB,
                "send appointments files (admin, or an ICB credential for its sub-ICB locations)");
        LocalDate today = LocalDate.now(clock.withZone(IngestServiceApplication.LONDON));
        AppointmentsFile.Judged judged = new AppointmentsFile(locations, caller, today).judge(csv);
        List<SubIcbAppointments> records = judged.records();
        if (!records.isEmpty()) {
            publisher.publishAll(Topics.AREA_APPOINTMENTS,
                    records.stream().map(r -> new RecordPublisher.Keyed<>(r.key(), r)).toList(), caller.name());
        }
        metrics.appointmentRows(judged.acceptedRows(), judged.rejectedLines());
        metrics.appointmentSubIcbDays(records.size());
        return new AppointmentsResult(judged.acceptedRows(), judged.rejected(), judged.rejectedLines(), records.size());
    }
}
