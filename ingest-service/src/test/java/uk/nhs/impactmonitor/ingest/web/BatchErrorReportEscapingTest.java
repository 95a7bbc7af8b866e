package uk.nhs.impactmonitor.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/**
 * Ingest writes no CSV (it only reads it); the one place it echoes uploaded text is the batch's error report, and
 * that is JSON: a hostile cell (formula, quotes, markup, line breaks, control characters) comes back as an escaped
 * JSON string, never as raw text that could break the document or land unescaped in a spreadsheet or page.
 */
@IngestApiTest
class BatchErrorReportEscapingTest {

    @LocalServerPort
    int port;

    @Test
    void shouldEchoHostileCellsOnlyAsEscapedJsonStringsWhenACsvBatchRejectsThem() {
        // given: a practice code cell with a formula, a quote, markup and a line break; a count with a control character
        String csv = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\r\n"
                + "\"=HYPERLINK(\"\"x\"\")\",2024-08-01,10,240,4,7,3,12,55\r\n"
                + "\"</script><b>\r\n\"\"x\",2024-08-01,10,240,4,7,3,12,55\r\n"
                + "Z00001,2024-08-01,1\u00070,240,4,7,3,12,55\r\n";

        // when
        IngestHttp.Response response = new IngestHttp(port).send("POST", "/api/v1/activity/batch", IngestHttp.ADMIN, "text/csv", csv);

        // then: a JSON answer, whose messages hold the cells as text
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode rejected = response.json().path("rejected");
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(0).path("errors").get(0).path("message").asString()).contains("'=HYPERLINK(\"x\")'");
        assertThat(rejected.get(1).path("errors").get(0).path("message").asString()).contains("</script><b>\r\n\"x");
        assertThat(rejected.get(2).path("errors").get(0).path("field").asString()).isEqualTo("clinicianSessions");
        // and: on the wire every quote, line break and control character is escaped; markup is inert inside a JSON string
        assertThat(response.body()).contains("=HYPERLINK(\\\"x\\\")").contains("\\r\\n\\\"x").doesNotContain("\u0007")
                .doesNotContain("\r").doesNotContain("\n");
    }
}
