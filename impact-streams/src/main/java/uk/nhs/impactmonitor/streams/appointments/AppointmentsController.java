package uk.nhs.impactmonitor.streams.appointments;

import uk.nhs.impactmonitor.web.csv.CsvNegotiation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.streams.query.MetadataService;
import uk.nhs.impactmonitor.streams.model.StoreNames;
import uk.nhs.impactmonitor.streams.web.AreaQueries;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;

/**
 * {@code GET /api/v1/areas/{area}/appointments?from=&to=}: the area's daily GP appointment totals (the series behind
 * the appointments indicators), JSON or, with {@code Accept: text/csv}, CSV with the same columns. Without from/to:
 * the last 90 days up to H_a. A day on which no sub-ICB of the area has data is left out.
 */
@RestController
@RequestMapping("/api/v1")
class AppointmentsController {

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 1100;
    static final String CSV_HEADER = "area,day,all,gp,subIcbs";
    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private final MetadataService metadata;
    private final AreaQueries queries;

    AppointmentsController(MetadataService metadata, AreaQueries queries) {
        this.metadata = metadata;
        this.queries = queries;
    }

    @GetMapping(value = "/areas/{area}/appointments", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    ResponseEntity<?> appointments(@PathVariable String area,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                   HttpServletRequest request) {
        queries.authorise(area);
        List<FieldError> errors = new ArrayList<>();
        AreaQueries.checkRange(from, to, MAX_DAYS, MAX_DAYS + " days", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        boolean csv = CsvNegotiation.wantsCsv(request);
        return queries.answer(request, csv ? TEXT_CSV : MediaType.APPLICATION_JSON, stale -> {
            LocalDate horizon = metadata.localStore(stale).appointmentsHorizon().orElse(null);
            ReadOnlyKeyValueStore<String, AreaAppointments> totals = metadata.localStore(StoreNames.AREA_APPOINTMENT_TOTALS, stale);
            List<AreaAppointments> series = series(totals, area, from, to, horizon);
            return csv ? csv(series) : series;
        });
    }

    /** The stored totals of from..to (defaults: the 90 days up to H_a), days without data left out. */
    static List<AreaAppointments> series(ReadOnlyKeyValueStore<String, AreaAppointments> totals, String area, LocalDate from,
                                         LocalDate to, LocalDate horizon) {
        LocalDate last = to != null ? to : horizon;
        if (last == null) {
            return List.of();
        }
        LocalDate first = from != null ? from : last.minusDays(DEFAULT_DAYS - 1);
        if (first.isBefore(last.minusDays(MAX_DAYS - 1))) {
            first = last.minusDays(MAX_DAYS - 1);
        }
        List<AreaAppointments> found = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            AreaAppointments value = totals.get(AreaAppointments.key(area, day));
            if (value != null && value.subIcbs() > 0) {
                found.add(value);
            }
        }
        return found;
    }

    static String csv(List<AreaAppointments> series) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (AreaAppointments value : series) {
            out.append(value.area()).append(',').append(value.day()).append(',').append(value.all()).append(',')
                    .append(value.gp()).append(',').append(value.subIcbs()).append("\r\n");
        }
        return out.toString();
    }
}
