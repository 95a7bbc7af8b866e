package uk.nhs.impactmonitor.ingest.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.nhs.impactmonitor.ingest.config.IngestProperties;
import uk.nhs.impactmonitor.web.problem.Problems;

/**
 * Refuses a body over the limit with 413 before anything parses it: the activity batch takes up to
 * {@code monitor.ingest.max-batch-body}, an appointments file up to {@code max-appointments-body}, everything
 * else under {@code /api/} up to {@code max-single-body}. A chunked body (no Content-Length) is counted as it is
 * read, so the limit cannot be dodged.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    static final String BATCH_PATH = "/api/v1/activity/batch";
    static final String APPOINTMENTS_PATH = "/api/v1/appointments";

    /** A limit as the 413 names it: what it applies to, its setting, and what to do instead. */
    private record Limit(long bytes, String what, String setting, String advice) {
    }

    private final IngestProperties properties;

    public BodySizeLimitFilter(IngestProperties properties) {
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limit limit = limitOf(request.getRequestURI().substring(request.getContextPath().length()));
        long declared = request.getContentLengthLong();
        if (declared > limit.bytes()) {
            tooLarge(response, limit);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit.bytes() + 1));
        if (body.length > limit.bytes()) {
            tooLarge(response, limit);
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    private Limit limitOf(String path) {
        if (path.equals(BATCH_PATH)) {
            return new Limit(properties.maxBatchBody().toBytes(), "an activity batch", "max-batch-body",
                    "; split the upload into several batches.");
        }
        if (path.equals(APPOINTMENTS_PATH)) {
            return new Limit(properties.maxAppointmentsBody().toBytes(), "an appointments file", "max-appointments-body",
                    "; send the file in parts (e.g. a month each: every sub-ICB-day in a part replaces what was held for it).");
        }
        return new Limit(properties.maxSingleBody().toBytes(), "a single notice or report", "max-single-body",
                "; send several rows with POST " + BATCH_PATH + ".");
    }

    /** 413 naming the limit: its setting and its size in bytes, so a client (or its operator) knows what to change. */
    private static void tooLarge(HttpServletResponse response, Limit limit) throws IOException {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Body too large",
                "The body is larger than the " + limit.bytes() + " bytes allowed for " + limit.what()
                        + " (monitor.ingest." + limit.setting() + ")" + limit.advice());
        problem.setProperty("limit", "monitor.ingest." + limit.setting());
        problem.setProperty("maxBytes", limit.bytes());
        Problems.write(response, problem);
    }

    /** The body already read, handed to the rest of the chain as if unread. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
