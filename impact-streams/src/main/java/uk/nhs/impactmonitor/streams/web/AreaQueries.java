package uk.nhs.impactmonitor.streams.web;

import uk.nhs.impactmonitor.web.csv.CsvNegotiation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.streams.query.MetadataService;
import uk.nhs.impactmonitor.streams.query.QueryForwarder;
import uk.nhs.impactmonitor.streams.query.StoreUnavailableException;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;

/**
 * What every area query of the API does around its own reading, in one place so the indicators, the series and the
 * appointments totals cannot drift apart: the area exists and the caller may read it; a from..to range is sound; the
 * answer comes from this instance's store when it holds it (or a standby copy when the active instance does not
 * answer), else from the instance that does; CSV when the request asks for it.
 */
@Component
public final class AreaQueries {

    static final MediaType TEXT_CSV = CsvNegotiation.TEXT_CSV;

    private final PracticeDirectory directory;
    private final MetadataService metadata;
    private final QueryForwarder forwarder;

    AreaQueries(PracticeDirectory directory, MetadataService metadata, QueryForwarder forwarder) {
        this.directory = directory;
        this.metadata = metadata;
        this.forwarder = forwarder;
    }

    /** The area exists (404 otherwise) and the caller may read it (403 otherwise), as for its indicators. */
    public void authorise(String area) {
        if (directory.area(area).isEmpty()) {
            throw new NotFoundException("no area '" + area + "': use an ICB or region ODS code, or ENG");
        }
        CurrentCaller.require(CurrentCaller.get().mayReadArea(area, directory), "read the indicators of " + area);
    }

    /**
     * Adds what is wrong with from..to, when both are given: {@code to} before {@code from}, or more than
     * {@code maxDays} days ({@code limit} says how many, in the answer's words).
     */
    public static void checkRange(LocalDate from, LocalDate to, int maxDays, String limit, List<FieldError> errors) {
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                errors.add(new FieldError("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
                errors.add(new FieldError("to", "at most " + limit + " per request"));
            }
        }
    }

    /**
     * The answer with this body, read here ({@code read} is given whether the copy here is a standby), or the answer
     * of the instance holding the store.
     */
    public ResponseEntity<?> answer(HttpServletRequest request, MediaType type, Function<Boolean, Object> read) {
        MetadataService.Location location = metadata.locate(request.getHeader(QueryForwarder.FORWARDED_HEADER) != null);
        if (location instanceof MetadataService.Remote remote) {
            try {
                return forwarder.forward(remote.host(), request);
            } catch (RestClientException e) {
                if (!metadata.hasStandbyHere()) {
                    throw new StoreUnavailableException("the instance holding the indicators (" + remote.host() + ") does not answer", e);
                }
                location = new MetadataService.Local(true);
            }
        }
        Object body = read.apply(((MetadataService.Local) location).stale());
        return ResponseEntity.ok().contentType(type).body(body);
    }
}
