package uk.nhs.impactmonitor.web.csv;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;

/**
 * Whether a request asks for CSV: the same answer in every service that offers a table as CSV (indicators,
 * appointments, the audit trail). JSON stays the default.
 */
public final class CsvNegotiation {

    public static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private CsvNegotiation() {
    }

    /** CSV when {@code Accept} names {@code text/csv} before (more specifically than) JSON; a wildcard is JSON. */
    public static boolean wantsCsv(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        MimeTypeUtils.sortBySpecificity(types);
        for (MediaType type : types) {
            if (type.isCompatibleWith(TEXT_CSV) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return false;
            }
        }
        return false;
    }
}
