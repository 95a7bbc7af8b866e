package uk.nhs.impactmonitor.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/** The counters Grafana reads for the ingest rate exist in Prometheus format and count what happened. */
@IngestApiTest
class IngestMetricsTest {

    static final String REPORT = """
            {"practiceCode": "Z00001", "day": "2024-08-01", "clinicianSessions": 10, "patientContacts": 240, "cappedSessions": 4,
             "urgentCareDiversions": 7, "agRequests": 3, "referrals": 12, "onlineRequests": 55}""";

    @LocalServerPort
    int port;
    IngestHttp http;

    @BeforeEach
    void setUp() {
        http = new IngestHttp(port);
    }

    double scrape(String series) {
        String text = http.get("/actuator/prometheus", null).body();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(text);
        assertThat(matcher.find()).as(series + " in\n" + text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void shouldCountAcceptedAndRejectedReportsAndNoticesWhenTheyArrive() {
        // given
        String accepted = "ingest_reports_total{outcome=\"accepted\",service=\"ingest-service\"}";
        String rejected = "ingest_reports_total{outcome=\"rejected\",service=\"ingest-service\"}";
        String declared = "ingest_notices_total{change=\"DECLARED\",outcome=\"accepted\",service=\"ingest-service\"}";
        double acceptedBefore = scrape(accepted);
        double rejectedBefore = scrape(rejected);
        double declaredBefore = scrape(declared);

        // when: one good report, a batch of one good and two bad rows, one notice
        http.postJson("/api/v1/activity", IngestHttp.ADMIN, REPORT);
        http.postJson("/api/v1/activity/batch", IngestHttp.ADMIN, "[" + REPORT + ", {}, {\"day\": \"x\"}]");
        http.postJson("/api/v1/notices", IngestHttp.ADMIN, """
                {"practiceCode": "Z00001", "action": "DEFER_PILOTS", "effectiveFrom": "2024-08-01", "submittedBy": "PM"}""");

        // then
        assertThat(scrape(accepted) - acceptedBefore).isEqualTo(2.0);
        assertThat(scrape(rejected) - rejectedBefore).isEqualTo(2.0);
        assertThat(scrape(declared) - declaredBefore).isEqualTo(1.0);
    }

    @Test
    void shouldCountAppointmentsRowsAndSubIcbDaysWhenAFileArrives() {
        // given
        String accepted = "ingest_appointments_total{outcome=\"accepted\",service=\"ingest-service\"}";
        String rejected = "ingest_appointments_total{outcome=\"rejected\",service=\"ingest-service\"}";
        String days = "ingest_appointments_sub_icb_days_total{service=\"ingest-service\"}";
        double acceptedBefore = scrape(accepted);
        double rejectedBefore = scrape(rejected);
        double daysBefore = scrape(days);

        // when: QKK-1 on 1 August (GP and Nurses: 2 rows, 1 sub-ICB-day) and on 2 August (1 row), and an unknown sub-ICB
        http.send("POST", "/api/v1/appointments", IngestHttp.ADMIN, "text/csv", """
                SUB_ICB_LOCATION_CODE,Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS
                QKK-1,01AUG2024,GP,10
                QKK-1,01AUG2024,Nurses,4
                QKK-1,02AUG2024,GP,9
                NOPE,01AUG2024,GP,1
                """);

        // then
        assertThat(scrape(accepted) - acceptedBefore).isEqualTo(3.0);
        assertThat(scrape(rejected) - rejectedBefore).isEqualTo(1.0);
        assertThat(scrape(days) - daysBefore).isEqualTo(2.0);
    }
}
