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
 * Refuses a body over the limit with 413 before anything parses it: the batch endpoint takes up to
 * {@code monitor.ingest.max-batch-body}, everything else under {@code /api/} up to {@code max-single-body}.
 * A chunked body (no Content-Length) is counted as it is read, so the limit cannot be dodged.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    static final String BATCH_PATH = "/api/v1/activity/batch";

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
        boolean batch = request.getRequestURI().equals(request.getContextPath() + BATCH_PATH);
        long limit = (batch ? properties.maxBatchBody() : properties.maxSingleBody()).toBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(response, limit, batch);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            tooLarge(response, limit, batch);
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    /** 413 naming the limit: its setting and its size in bytes, so a client (or its operator) knows what to change. */
    private static void tooLarge(HttpServletResponse response, long limit, boolean batch) throws IOException {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Body too large",
                "The body is larger than the " + limit + " bytes allowed for " + (batch ? "an activity batch" : "a single notice or report")
                        + " (monitor.ingest." + (batch ? "max-batch-body" : "max-single-body") + ")"
                        + (batch ? "; split the upload into several batches." : "; send several rows with POST " + BATCH_PATH + "."));
        problem.setProperty("limit", "monitor.ingest." + (batch ? "max-batch-body" : "max-single-body"));
        problem.setProperty("maxBytes", limit);
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
