package uk.nhs.impactmonitor.ingest.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.ingest.activity.BatchResult.RejectedRow;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/** The file judged without HTTP or Kafka: the edges that would be slow to reach through the service. */
class AppointmentsFileTest {

    static final SubIcbLocations LOCATIONS = new SubIcbLocations(SyntheticDirectory.build());
    static final MonitorPrincipal ADMIN = new MonitorPrincipal("admin", Role.ADMIN, null);
    static final LocalDate TODAY = LocalDate.of(2024, 10, 31);
    static final String HEADER = "SUB_ICB_LOCATION_CODE,Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\n";

    static AppointmentsFile.Judged judge(String csv) {
        return new AppointmentsFile(LOCATIONS, ADMIN, TODAY).judge(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldListTheFirstTenThousandBadLinesAndCountThemAllWhenEveryLineIsWrong() {
        // given: 50,000 lines of a file that is not an appointments file at all (lines 2 to 50,001)
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 50_000; i++) {
            csv.append("x,y,z,w\n");
        }

        // when
        AppointmentsFile.Judged judged = judge(csv.toString());

        // then
        assertThat(judged.rejectedLines()).isEqualTo(50_000);
        assertThat(judged.rejected()).hasSize(10_000);
        assertThat(judged.rejected().get(0).line()).isEqualTo(2);
        assertThat(judged.rejected().get(9_999).line()).isEqualTo(10_001);
        assertThat(judged.records()).isEmpty();
    }

    @Test
    void shouldNameTheFirstFiveBadLinesAndHowManyMoreWhenASubIcbDayHasMany() {
        // given: line 2 is sound; lines 3 to 9 (seven) of the same sub-ICB-day have negative counts
        StringBuilder csv = new StringBuilder(HEADER).append("QKK-1,01AUG2024,GP,10\n");
        for (int i = 0; i < 7; i++) {
            csv.append("QKK-1,01AUG2024,Nurses,-1\n");
        }

        // when
        AppointmentsFile.Judged judged = judge(csv.toString());

        // then
        RejectedRow first = judged.rejected().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.errors().get(0).message()).startsWith("not taken: lines 3, 4, 5, 6, 7 and 2 more of the same sub-ICB and day (QKK-1, 2024-08-01) are rejected");
        assertThat(judged.rejectedLines()).isEqualTo(8);
        assertThat(judged.acceptedRows()).isZero();
    }

    @Test
    void shouldReadPublishedDatesInAnyCaseAndRefuseDaysThatDoNotExistWhenTheCalendarSaysSo() {
        // given: 30 September exists in any case; 31 September and 29 February 2023 do not; lone CR line ends
        String csv = HEADER.replace("\n", "\r") + "QKK-1,30sep2024,GP,1\rQKK-1,30Sep2024,Nurses,2\rQKK-1,31SEP2024,GP,1\rQKK-1,29FEB2023,GP,1\rQKK-1,29FEB2024,gp,4\r";

        // when
        AppointmentsFile.Judged judged = judge(csv);

        // then
        assertThat(judged.records()).containsExactly(
                new SubIcbAppointments(1, "QKK-1", LocalDate.of(2024, 9, 30), 3, 1),
                new SubIcbAppointments(1, "QKK-1", LocalDate.of(2024, 2, 29), 4, 4));
        assertThat(judged.rejected()).extracting(RejectedRow::line).containsExactly(4, 5);
    }

    @Test
    void shouldFindTheColumnsWhenAByteOrderMarkPrecedesAQuotedHeader() {
        // when
        AppointmentsFile.Judged judged = judge("\uFEFF\"SUB_ICB_LOCATION_CODE\",\"Appointment_Date\",\"SDS_ROLE_GROUP\",\"COUNT_OF_APPOINTMENTS\"\r\n"
                + "\"QKK-1\",\"01AUG2024\",\"GP\",\"12\"\r\n");

        // then
        assertThat(judged.records()).containsExactly(new SubIcbAppointments(1, "QKK-1", LocalDate.of(2024, 8, 1), 12, 12));
    }

    @Test
    void shouldRefuseTheFileNamingEveryMissingColumnWhenTheHeaderIsNotThePublishedOne() {
        assertThatThrownBy(() -> judge("practiceCode,day\nA81001,2024-08-01\n"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).extracting(f -> f.field())
                        .containsExactly("SUB_ICB_LOCATION_CODE", "Appointment_Date", "SDS_ROLE_GROUP", "COUNT_OF_APPOINTMENTS"));
    }
}
