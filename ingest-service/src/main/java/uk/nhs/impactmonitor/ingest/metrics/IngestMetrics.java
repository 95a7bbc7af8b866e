package uk.nhs.impactmonitor.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;

/**
 * What Grafana shows of ingest: notices, daily reports and appointments rows accepted and rejected
 * ({@code ingest_notices_total}, {@code ingest_reports_total}, {@code ingest_appointments_total} in Prometheus),
 * and the sub-ICB-days of appointments written ({@code ingest_appointments_sub_icb_days_total}).
 */
@Component
public class IngestMetrics {

    private final Map<NoticeEventType, Counter> noticesAccepted = new EnumMap<>(NoticeEventType.class);
    private final Counter noticesResent;
    private final Counter noticesRejected;
    private final Counter reportsAccepted;
    private final Counter reportsRejected;
    private final Counter kafkaUnavailable;
    private final Counter appointmentsAccepted;
    private final Counter appointmentsRejected;
    private final Counter appointmentSubIcbDays;

    public IngestMetrics(MeterRegistry meters) {
        for (NoticeEventType type : NoticeEventType.values()) {
            noticesAccepted.put(type, notices(meters, "accepted", type.name()));
        }
        noticesResent = notices(meters, "resent", "NONE");
        noticesRejected = notices(meters, "rejected", "NONE");
        reportsAccepted = reports(meters, "accepted");
        reportsRejected = reports(meters, "rejected");
        appointmentsAccepted = appointments(meters, "accepted");
        appointmentsRejected = appointments(meters, "rejected");
        appointmentSubIcbDays = Counter.builder("ingest.appointments.sub.icb.days")
                .description("sub-ICB-days of GP appointments written to area-appointments")
                .register(meters);
        kafkaUnavailable = Counter.builder("ingest.kafka.unavailable")
                .description("requests answered 503 because Kafka did not acknowledge in time")
                .register(meters);
    }

    private static Counter notices(MeterRegistry meters, String outcome, String change) {
        return Counter.builder("ingest.notices").description("notice changes by outcome (accepted, resent as a no-op, rejected)")
                .tag("outcome", outcome).tag("change", change).register(meters);
    }

    private static Counter reports(MeterRegistry meters, String outcome) {
        return Counter.builder("ingest.reports").description("daily activity reports by outcome (single and batch rows)")
                .tag("outcome", outcome).register(meters);
    }

    private static Counter appointments(MeterRegistry meters, String outcome) {
        return Counter.builder("ingest.appointments").description("rows of GP appointments files by outcome")
                .tag("outcome", outcome).register(meters);
    }

    public void noticeAccepted(NoticeEventType type) {
        noticesAccepted.get(type).increment();
    }

    public void noticeResent() {
        noticesResent.increment();
    }

    public void noticeRejected() {
        noticesRejected.increment();
    }

    public void reportsAccepted(int count) {
        reportsAccepted.increment(count);
    }

    public void reportsRejected(int count) {
        reportsRejected.increment(count);
    }

    public void appointmentRows(int accepted, int rejected) {
        appointmentsAccepted.increment(accepted);
        appointmentsRejected.increment(rejected);
    }

    public void appointmentSubIcbDays(int count) {
        appointmentSubIcbDays.increment(count);
    }

    public void kafkaUnavailable() {
        kafkaUnavailable.increment();
    }
}
