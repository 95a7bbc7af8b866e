package uk.nhs.impactmonitor.streams.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.indicator.IndicatorCalculator;
import uk.nhs.impactmonitor.streams.query.IndicatorStore;
import uk.nhs.impactmonitor.streams.query.MetadataService;
import uk.nhs.impactmonitor.streams.query.QueryForwarder;
import uk.nhs.impactmonitor.streams.query.StoreUnavailableException;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;

/**
 * The indicator API of {@code api.md} ("impact-streams"). Any instance answers for any area: it reads its own
 * store when it holds the national model, and otherwise forwards the request to the instance that does.
 */
@RestController
@RequestMapping("/api/v1")
public class IndicatorsController {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    /** More than three years in one series is more than a planner reads, and a lot of store reads. */
    static final int MAX_SERIES_DAYS = 1100;
    /** The appointments indicators' default series: the last 90 days up to H_a (as their daily totals). */
    static final int APPOINTMENTS_DEFAULT_DAYS = 90;

    private final PracticeDirectory directory;
    private final MetadataService metadata;
    private final QueryForwarder forwarder;
    private final ImpactSettings settings;

    IndicatorsController(PracticeDirectory directory, MetadataService metadata, QueryForwarder forwarder, ImpactSettings settings) {
        this.directory = directory;
        this.settings = settings;
        this.metadata = metadata;
        this.forwarder = forwarder;
    }

    @GetMapping("/areas")
    List<AreaView> areas() {
        CurrentCaller.get();
        return directory.areas().stream()
                .map(area -> new AreaView(area.code(), area.name(), area.kind(), area.parent(), directory.practicesIn(area.code()).size(),
                        directory.registeredPatients(area.code())))
                .toList();
    }

    @GetMapping(value = "/areas/{area}/indicators", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> indicators(@PathVariable String area,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                                 HttpServletRequest request) {
        authorise(area);
        return answer(request, MediaType.APPLICATION_JSON, store -> {
            // default: H, the latest day with reports (api.md); no report yet: nothing to show
            LocalDate which = day != null ? day : store.horizon().orElse(null);
            return which == null ? List.of() : store.indicatorsOf(area, which);
        });
    }

    @GetMapping(value = "/areas/{area}/indicators/{indicator}", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    ResponseEntity<?> series(@PathVariable String area, @PathVariable("indicator") String indicatorId,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                             @RequestParam(required = false) String action,
                             @RequestParam(required = false) String metric,
                             HttpServletRequest request) {
        authorise(area);
        SeriesQuery query = SeriesQuery.parse(indicatorId, action, metric, from, to);
        boolean csv = wantsCsv(request);
        return answer(request, csv ? TEXT_CSV : MediaType.APPLICATION_JSON, store -> {
            LocalDate first = query.from() != null ? query.from() : store.earliestDay().orElse(null);
            LocalDate last = query.to() != null ? query.to() : store.latestDay().orElse(null);
            if (query.indicator().labels() == Indicator.Labels.METRIC) {
                // the appointments feed has its own horizon H_a: by default the 90 days up to it, as its totals
                last = query.to() != null ? query.to() : store.appointmentsHorizon().orElse(null);
                first = query.from() != null ? query.from() : last == null ? null : last.minusDays(APPOINTMENTS_DEFAULT_DAYS - 1);
            }
            List<IndicatorValue> values = first == null || last == null || last.isBefore(first) ? List.of()
                    : store.series(area, query.indicator(), query.action(), query.metric(),
                    last.minusDays(MAX_SERIES_DAYS - 1).isAfter(first) ? last.minusDays(MAX_SERIES_DAYS - 1) : first, last);
            return csv ? IndicatorCsv.write(values) : values;
        });
    }

    /**
     * {@code GET /api/v1/horizon}: H, L and the latest settled day H − L (both days null when there is no report), so
     * the planners' page can open on the latest settled day and mark the provisional ones.
     */
    @GetMapping(value = "/horizon", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> horizon(HttpServletRequest request) {
        CurrentCaller.get();
        return answer(request, MediaType.APPLICATION_JSON, store -> {
            LocalDate horizon = store.horizon().orElse(null);
            int lag = settings.indicators().reportingLagDays();
            return new HorizonView(horizon, lag, horizon == null ? null : horizon.minusDays(lag),
                    store.appointmentsHorizon().orElse(null));
        });
    }

    /** The answer of {@code GET /api/v1/horizon}. */
    record HorizonView(@JsonInclude(JsonInclude.Include.ALWAYS) LocalDate horizon, int reportingLagDays,
                       @JsonInclude(JsonInclude.Include.ALWAYS) LocalDate latestSettledDay,
                       @JsonInclude(JsonInclude.Include.ALWAYS) LocalDate appointmentsHorizon) {
    }

    /** The parameters of a series request, checked; every bad one is named. */
    record SeriesQuery(Indicator indicator, CollectiveAction action, Metric metric, LocalDate from, LocalDate to) {

        static SeriesQuery parse(String indicatorId, String actionId, String metricId, LocalDate from, LocalDate to) {
            List<FieldError> errors = new ArrayList<>();
            Indicator indicator = Indicator.find(indicatorId);
            if (indicator == null) {
                errors.add(new FieldError("indicator", "'" + indicatorId + "' is not an indicator of indicators.md"));
            }
            CollectiveAction action = null;
            if (actionId != null && !actionId.isBlank()) {
                try {
                    action = CollectiveAction.valueOf(actionId);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("action", "'" + actionId + "' is not one of the ten actions"));
                }
                if (indicator != null && !indicator.labels().hasAction()) {
                    errors.add(new FieldError("action", indicator.id() + " has no action"));
                }
            }
            Metric metric = null;
            if (metricId != null && !metricId.isBlank()) {
                try {
                    metric = Metric.fromId(metricId);
                    if (indicator != null && indicator.labels() == Indicator.Labels.METRIC) {
                        if (!Metric.APPOINTMENT_METRICS.contains(metric)) {
                            errors.add(new FieldError("metric", indicator.id() + " has metric all or gp, not '" + metricId + "'"));
                        }
                    } else if (!IndicatorCalculator.ATTRIBUTABLE_METRICS.contains(metric)) {
                        errors.add(new FieldError("metric", "'" + metricId + "' has no attributable change"));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("metric", "'" + metricId + "' is not a metric"));
                }
                if (indicator != null && !indicator.labels().hasMetric()) {
                    errors.add(new FieldError("metric", indicator.id() + " has no metric"));
                }
            }
            if (from != null && to != null) {
                if (to.isBefore(from)) {
                    errors.add(new FieldError("to", "must not be before from"));
                } else if (ChronoUnit.DAYS.between(from, to) >= MAX_SERIES_DAYS) {
                    errors.add(new FieldError("to", "at most " + MAX_SERIES_DAYS + " days per request"));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            return new SeriesQuery(indicator, action, metric, from, to);
        }
    }

    /** The area exists and the caller may read it, as for its indicators. */
    public static void authorise(PracticeDirectory directory, String area) {
        if (directory.area(area).isEmpty()) {
            throw new NotFoundException("no area '" + area + "': use an ICB or region ODS code, or ENG");
        }
        CurrentCaller.require(CurrentCaller.get().mayReadArea(area, directory), "read the indicators of " + area);
    }

    private void authorise(String area) {
        if (directory.area(area).isEmpty()) {
            throw new NotFoundException("no area '" + area + "': use an ICB or region ODS code, or ENG");
        }
        CurrentCaller.require(CurrentCaller.get().mayReadArea(area, directory), "read the indicators of " + area);
    }

    private ResponseEntity<?> answer(HttpServletRequest request, MediaType type, Function<IndicatorStore, Object> query) {
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
        Object body = query.apply(metadata.localStore(((MetadataService.Local) location).stale()));
        return ResponseEntity.ok().contentType(type).body(body);
    }

    /** Whether the request asks for CSV ({@code Accept: text/csv} before any JSON type), as the series endpoints negotiate. */
    public static boolean wantsCsv(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        org.springframework.util.MimeTypeUtils.sortBySpecificity(types);
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
