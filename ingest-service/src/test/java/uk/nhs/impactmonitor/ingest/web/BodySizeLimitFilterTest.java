package uk.nhs.impactmonitor.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;

/**
 * The body limits are settings ({@code monitor.ingest.max-single-body}, {@code max-batch-body},
 * {@code max-appointments-body}): here set to 1 KiB, 4 KiB and 8 KiB so the edges are tested exactly, with a
 * declared length and without one (chunked).
 */
class BodySizeLimitFilterTest {

    static final IngestProperties LIMITS = new IngestProperties(Duration.ofSeconds(4), Duration.ofSeconds(5), true, true,
            DataSize.ofKilobytes(1), DataSize.ofKilobytes(4), DataSize.ofKilobytes(8));

    final BodySizeLimitFilter filter = new BodySizeLimitFilter(LIMITS);

    @Test
    void shouldPassABodyOfExactlyTheLimitOnWithItsBytesIntactWhenTheLengthIsDeclaredOrNot() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            // given
            byte[] body = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
            AtomicReference<byte[]> passed = new AtomicReference<>();
            FilterChain chain = (request, response) -> passed.set(request.getInputStream().readAllBytes());

            // when
            MockHttpServletResponse response = run("/api/v1/notices", body, chunked, chain);

            // then
            assertThat(response.getStatus()).as("chunked=" + chunked).isEqualTo(200);
            assertThat(passed.get()).isEqualTo(body);
        }
    }

    @Test
    void shouldAnswer413NamingTheSingleLimitWhenANoticeIsOneByteOverWithOrWithoutContentLength() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            // when
            MockHttpServletResponse response = run("/api/v1/notices", new byte[1025], chunked, neverCalled());

            // then
            assertThat(response.getStatus()).as("chunked=" + chunked).isEqualTo(413);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = Json.MAPPER.readTree(response.getContentAsString());
            assertThat(problem.path("limit").asString()).isEqualTo("monitor.ingest.max-single-body");
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(1024);
            assertThat(problem.path("detail").asString()).contains("1024 bytes", "monitor.ingest.max-single-body");
        }
    }

    @Test
    void shouldTakeABatchUpToItsOwnLargerLimitAndAnswer413NamingItBeyond() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            // when
            MockHttpServletResponse fits = run("/api/v1/activity/batch", new byte[4096], chunked, (request, response) -> { });
            MockHttpServletResponse over = run("/api/v1/activity/batch", new byte[4097], chunked, neverCalled());

            // then
            assertThat(fits.getStatus()).isEqualTo(200);
            assertThat(over.getStatus()).as("chunked=" + chunked).isEqualTo(413);
            JsonNode problem = Json.MAPPER.readTree(over.getContentAsString());
            assertThat(problem.path("limit").asString()).isEqualTo("monitor.ingest.max-batch-body");
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(4096);
        }
    }

    @Test
    void shouldTakeAnAppointmentsFileUpToItsOwnLimitAndAnswer413NamingItBeyond() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            // when
            MockHttpServletResponse fits = run("/api/v1/appointments", new byte[8192], chunked, (request, response) -> { });
            MockHttpServletResponse over = run("/api/v1/appointments", new byte[8193], chunked, neverCalled());

            // then
            assertThat(fits.getStatus()).isEqualTo(200);
            assertThat(over.getStatus()).as("chunked=" + chunked).isEqualTo(413);
            JsonNode problem = Json.MAPPER.readTree(over.getContentAsString());
            assertThat(problem.path("limit").asString()).isEqualTo("monitor.ingest.max-appointments-body");
            assertThat(problem.path("maxBytes").asLong()).isEqualTo(8192);
            assertThat(problem.path("detail").asString()).contains("8192 bytes", "an appointments file", "monitor.ingest.max-appointments-body");
        }
    }

    @Test
    void shouldRefuseALyingSmallContentLengthByCountingTheBytesRead() throws Exception {
        // given: a client declares 10 bytes and sends 2,000
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/activity");
        request.setContent(new byte[2000]);
        MockHttpServletRequest lying = new MockHttpServletRequest("POST", "/api/v1/activity") {
            @Override
            public long getContentLengthLong() {
                return 10;
            }

            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                return request.getInputStream();
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();

        // when
        filter.doFilter(lying, response, neverCalled());

        // then
        assertThat(response.getStatus()).isEqualTo(413);
    }

    private MockHttpServletResponse run(String path, byte[] body, boolean chunked, FilterChain chain) throws Exception {
        MockHttpServletRequest request = chunked ? new MockHttpServletRequest("POST", path) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        } : new MockHttpServletRequest("POST", path);
        request.setContent(body);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    private static FilterChain neverCalled() {
        return (request, response) -> {
            throw new AssertionError("an oversize body reached the application");
        };
    }
}
