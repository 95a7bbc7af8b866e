package uk.nhs.impactmonitor.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.apache.kafka.clients.producer.MockProducer;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/**
 * The documented limits over real HTTP (Tomcat in the loop): 64 KiB for a single notice or report, 16 MiB for a batch
 * (a national day of 6,202 CSV rows is ~0.5 MB: ActivityIntegrationTest) and for an appointments file (the five months
 * of the shared file are ~6.5 MiB: AppointmentsSharedFileIntegrationTest), each answered 413 naming the limit, also when
 * the body comes chunked, without a Content-Length. Nothing over the limit is written.
 */
@IngestApiTest
class BodySizeLimitHttpTest {

    static final int SINGLE = 64 * 1024;
    static final int BATCH = 16 * 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    MockProducer<byte[], byte[]> producer;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldAnswer413NamingTheSingleLimitWhenAChunkedReportIsOverIt() throws Exception {
        // given: a report padded past 64 KiB with an unknown field
        int before = producer.history().size();
        String body = "{\"practiceCode\":\"Z00001\",\"pad\":\"" + "x".repeat(SINGLE) + "\"}";

        // when
        HttpResponse<String> response = post("/api/v1/activity", "application/json", body.getBytes(StandardCharsets.UTF_8), true);

        // then
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("limit").asString()).isEqualTo("monitor.ingest.max-single-body");
        assertThat(problem.path("maxBytes").asLong()).isEqualTo(SINGLE);
        assertThat(producer.history()).hasSize(before);
    }

    @Test
    void shouldAnswer413NamingTheBatchLimitWhenABatchIsOver16MibWithOrWithoutContentLength() throws Exception {
        // given: a CSV batch 64 KiB over the limit (valid rows, so only the size can refuse it)
        int before = producer.history().size();
        StringBuilder csv = new StringBuilder("practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n");
        String row = "Z00001,2024-08-01,10,240,4,7,3,12,55\n";
        while (csv.length() < BATCH + 64 * 1024) {
            csv.append(row);
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);

        for (boolean chunked : new boolean[] {true, false}) {
            // when
            HttpResponse<String> response = post("/api/v1/activity/batch", "text/csv", body, chunked);

            // then
            assertThat(response.statusCode()).as("chunked=" + chunked).isEqualTo(413);
            JsonNode problem = Json.MAPPER.readTree(response.body());
            assertThat(problem.path("limit").asString()).isEqualTo("monitor.ingest.max-batch-body");
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(BATCH);
        }
        assertThat(producer.history()).hasSize(before);
    }

    @Test
    void shouldAnswer413NamingTheAppointmentsLimitWhenAFileIsOver16MibWithOrWithoutContentLength() throws Exception {
        // given: NHS England's appointments file format, sound rows (QKK-1 is a sub-ICB of the synthetic directory), 64 KiB over
        int before = producer.history().size();
        StringBuilder csv = new StringBuilder("SUB_ICB_LOCATION_CODE,Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\n");
        while (csv.length() < BATCH + 64 * 1024) {
            csv.append("QKK-1,01AUG2024,GP,10\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);

        for (boolean chunked : new boolean[] {true, false}) {
            // when
            HttpResponse<String> response = post("/api/v1/appointments", "text/csv", body, chunked);

            // then
            assertThat(response.statusCode()).as("chunked=" + chunked).isEqualTo(413);
            JsonNode problem = Json.MAPPER.readTree(response.body());
            assertThat(problem.path("limit").asString()).isEqualTo("monitor.ingest.max-appointments-body");
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(16 * 1024 * 1024);
            assertThat(problem.path("detail").asString()).contains("16777216 bytes", "appointments file");
        }
        assertThat(producer.history()).hasSize(before);
    }

    @Test
    void shouldAcceptAChunkedBatchOfAThousandRowsWhenItIsUnderTheLimit() throws Exception {
        // given
        StringBuilder csv = new StringBuilder("practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n");
        for (int i = 1; i <= 1000; i++) {
            csv.append(String.format("Z%05d,2024-08-01,10,240,4,7,3,12,55%n", i));
        }

        // when
        HttpResponse<String> response = post("/api/v1/activity/batch", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), true);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(response.body()).path("accepted").asInt()).isEqualTo(1000);
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body, boolean chunked) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + IngestHttp.ADMIN).header("Content-Type", contentType)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)) : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
