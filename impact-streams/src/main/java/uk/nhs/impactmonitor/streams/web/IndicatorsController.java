package uk.nhs.impactmonitor.streams.web;

import uk.nhs.impactmonitor.web.csv.CsvNegotiation;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;
import uk.nhs.impactmonitor.streams.indicator.IndicatorCalculator;
import uk.nhs.impactmonitor.streams.query.IndicatorStore;
import uk.nhs.impactmonitor.streams.query.MetadataService;
import uk.nhs.impactmonitor.web.problem.FieldError;
import uk.nhs.impactmonitor.web.problem.InvalidRequestException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;

/**
 * The indicator API of {@code api.md} ("impact-streams"). Any instance answers for any area: it reads its own
 * store when it holds the national model, and otherwise forwards the request to the instance that does.
 */
@RestController
@RequestMapping("/api/v1")
public class IndicatorsController {

    /** More than three years in one series is more than a planner reads, and a lot of store reads. */
    static final int MAX_SERIES_DAYS = 1100;
    /** The appointments indicators' default series: the last 90 days up to H_a (as their daily totals). */
    static final int APPOINTMENTS_DEFAULT_DAYS = 90;

    private final PracticeDirectory directory;
    private final MetadataService metadata;
    private final AreaQueries queries;
    private final ImpactSettings settings;

    IndicatorsController(PracticeDirectory directory, MetadataService metadata, AreaQueries queries, ImpactSettings settings) {
        this.directory = directory;
        this.settings = settings;
        this.metadata = metadata;
        this.queries = queries;
    }

    /** Answered here or by the instance holding the store, read from the indicator store. */
    private ResponseEntity<?> answer(HttpServletRequest request, MediaType type, Function<IndicatorStore, Object> query) {
        return queries.answer(request, type, stale -> query.apply(metadata.localStore(stale)));
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
        queries.authorise(area);
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
        queries.authorise(area);
        SeriesQuery query = SeriesQuery.parse(indicatorId, action, metric, from, to);
        boolean csv = CsvNegotiation.wantsCsv(request);
        return answer(request, csv ? AreaQueries.TEXT_CSV : MediaType.APPLICATION_JSON, store -> {
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
            AreaQueries.checkRange(from, to, MAX_SERIES_DAYS, MAX_SERIES_DAYS + " days", errors);
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            return new SeriesQuery(indicator, action, metric, from, to);
        }
    }
}
