package uk.nhs.impactmonitor.ingest.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.ingest.kafka.KafkaUnavailableException;
import uk.nhs.impactmonitor.ingest.kafka.RecordPublisher;
import uk.nhs.impactmonitor.ingest.metrics.IngestMetrics;
import uk.nhs.impactmonitor.web.security.MonitorPrincipal;
import uk.nhs.impactmonitor.web.security.Role;

/**
 * Writing a large file in parts: when Kafka stops answering after some parts were acknowledged, the 503 says how
 * much was written rather than "nothing" (sending the file again is safe: each sub-ICB-day replaces itself).
 */
class AppointmentsServiceTest {

    static final PracticeDirectory DIRECTORY = SyntheticDirectory.build();

    /** Acknowledges the first {@code working} sends, then fails every send as a broker that went away would. */
    static final class FailingAfter extends MockProducer<byte[], byte[]> {
        final int working;
        int sent;

        FailingAfter(int working) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.working = working;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (++sent > working) {
                return CompletableFuture.failedFuture(new TimeoutException("the broker went away"));
            }
            return super.send(record, callback);
        }
    }

    @BeforeEach
    void signIn() {
        MonitorPrincipal admin = new MonitorPrincipal("admin", Role.ADMIN, null);
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(admin, null, List.of()));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    /** 25 sub-ICBs × 100 days (1 April to 9 July 2024) = 2,500 sub-ICB-days, one row each. */
    static byte[] file() {
        List<String> subIcbs = DIRECTORY.practices().stream().map(Practice::subIcbCode).distinct().limit(25).toList();
        StringBuilder csv = new StringBuilder("SUB_ICB_LOCATION_CODE,Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\n");
        for (String subIcb : subIcbs) {
            for (int d = 0; d < 100; d++) {
                LocalDate day = LocalDate.of(2024, 4, 1).plusDays(d);
                csv.append(subIcb).append(',').append(String.format("%02d", day.getDayOfMonth()))
                        .append(day.getMonth().name(), 0, 3).append(day.getYear()).append(",GP,5\n");
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static AppointmentsService service(MockProducer<byte[], byte[]> producer) {
        return new AppointmentsService(new SubIcbLocations(DIRECTORY), new RecordPublisher(producer, Duration.ofSeconds(4)),
                new IngestMetrics(new SimpleMeterRegistry()), Clock.fixed(Instant.parse("2024-08-05T12:00:00Z"), IngestServiceApplication.LONDON));
    }

    @Test
    void shouldSayHowMuchWasWrittenWhenKafkaStopsAnsweringAfterTheFirstPart() {
        // given: the first part (2,000 sub-ICB-days) is acknowledged, the second is not
        FailingAfter producer = new FailingAfter(2_000);

        // when / then
        assertThatThrownBy(() -> service(producer).submit(file()))
                .isInstanceOfSatisfying(KafkaUnavailableException.class, e -> assertThat(e.outcome())
                        .startsWith("Only part of the file was accepted (2000 of 2500 sub-ICB-days acknowledged"));
        assertThat(producer.history()).hasSize(2_000);
    }

    @Test
    void shouldSayNothingWasAcceptedWhenTheFirstPartFails() {
        // given
        FailingAfter producer = new FailingAfter(0);

        // when / then
        assertThatThrownBy(() -> service(producer).submit(file()))
                .isInstanceOfSatisfying(KafkaUnavailableException.class, e -> assertThat(e.outcome()).isEqualTo("Nothing was accepted"));
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldWriteEverySubIcbDayInPartsWhenKafkaAnswers() {
        // given
        FailingAfter producer = new FailingAfter(Integer.MAX_VALUE);

        // when
        AppointmentsResult result = service(producer).submit(file());

        // then
        assertThat(result.subIcbDays()).isEqualTo(2_500);
        assertThat(result.accepted()).isEqualTo(2_500);
        assertThat(producer.history()).hasSize(2_500);
    }
}
