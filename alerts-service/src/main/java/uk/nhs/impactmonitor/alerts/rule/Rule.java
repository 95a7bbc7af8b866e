package uk.nhs.impactmonitor.alerts.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * One alerting rule, as configured under {@code monitor.alerts.rules} and shown by {@code GET /api/v1/rules}.
 *
 * @param name            the rule's id, also the alert's {@code alertname} label (required, unique)
 * @param rationale       one line on why this threshold matters to a planner (default none)
 * @param type            THRESHOLD or EARS_C2 (default THRESHOLD)
 * @param indicator       the indicator watched, as named in indicators.md (required)
 * @param action          only this action's series (default: every action, one alert per action)
 * @param metric          only this metric's series (default: every metric, one alert per metric)
 * @param scope           which areas: ICB, REGION, ENGLAND or AREAS (default ICB)
 * @param areas           the areas when scope is AREAS (default none)
 * @param direction       ABOVE or BELOW: which side is bad (default ABOVE)
 * @param warning         the planning threshold (required for THRESHOLD)
 * @param critical        the reasonable-worst-case threshold (required for THRESHOLD)
 * @param clear           the value a firing alert must get back past to resolve: hysteresis (default: warning,
 *                        i.e. none)
 * @param criticalClear   the value a CRITICAL alert must get back past to return to WARNING (default: critical
 *                        moved by the same gap as warning to clear)
 * @param forDays         consecutive activity days in breach before the alert fires (default 1); shown as
 *                        {@code for}
 * @param minPractices    the least {@code practices} a value must rest on to count (default 0)
 * @param minPracticeDays the least {@code practiceDays} a value must rest on to count (default 0): below it the
 *                        rule stays silent rather than alarm on thin data
 * @param minReportingCompleteness the least {@code reporting_completeness} of the area for the value to count
 *                        (default none: not checked). Completeness exists on working days only, so a value of a
 *                        weekend or bank holiday is checked against the completeness of the latest working day on
 *                        or before it; that completeness must be settled too (unless {@code includeProvisional}),
 *                        and a day whose completeness is not known does not count
 * @param includeProvisional whether the rule also judges provisional values (default false: only settled ones,
 *                        indicators.md "The data horizon and provisional days"); JSON {@code includeProvisional},
 *                        YAML {@code include-provisional}
 * @param judge           which number of a value is compared with the thresholds: {@code value}, or the 95%
 *                        interval's {@code low} or {@code high} end (default {@code value}); a value without that
 *                        bound is not usable for the rule. THRESHOLD rules only
 * @param ears            EARS C2 settings for type EARS_C2 (default {@link EarsC2Settings#defaults()})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rule(
        String name,
        String rationale,
        RuleType type,
        Indicator indicator,
        CollectiveAction action,
        Metric metric,
        ScopeKind scope,
        List<String> areas,
        Direction direction,
        Double warning,
        Double critical,
        Double clear,
        Double criticalClear,
        @JsonProperty("for") Integer forDays,
        Long minPractices,
        Long minPracticeDays,
        Double minReportingCompleteness,
        Boolean includeProvisional,
        Judge judge,
        EarsC2Settings ears) {

    public Rule {
        type = type == null ? RuleType.THRESHOLD : type;
        scope = scope == null ? ScopeKind.ICB : scope;
        areas = areas == null ? List.of() : List.copyOf(areas);
        direction = direction == null ? Direction.ABOVE : direction;
        forDays = forDays == null ? 1 : forDays;
        minPractices = minPractices == null ? 0L : minPractices;
        minPracticeDays = minPracticeDays == null ? 0L : minPracticeDays;
        includeProvisional = includeProvisional != null && includeProvisional;
        judge = judge == null ? Judge.VALUE : judge;
        if (type == RuleType.THRESHOLD) {
            clear = clear == null ? warning : clear;
            if (criticalClear == null && critical != null && warning != null && clear != null) {
                criticalClear = critical - (warning - clear);
            }
            ears = null;
        } else {
            ears = ears == null ? EarsC2Settings.defaults() : ears;
        }
    }

    /** Everything wrong with this rule, each naming its field; empty when it is usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String at = "rule '" + name + "': ";
        if (name == null || name.isBlank()) {
            problems.add("rule without a name: every rule needs 'name'");
        }
        if (indicator == null) {
            problems.add(at + "'indicator' is required");
        } else {
            // the appointments feed's indicators carry a metric (all, gp) but no action
            Indicator.Labels labels = indicator.labels();
            boolean hasAction = labels == Indicator.Labels.ACTION || labels == Indicator.Labels.ACTION_AND_METRIC;
            boolean hasMetric = labels != Indicator.Labels.NONE && labels != Indicator.Labels.ACTION;
            if (action != null && !hasAction) {
                problems.add(at + "'action' given but " + indicator.id() + " has no action");
            }
            if (metric != null && !hasMetric) {
                problems.add(at + "'metric' given but " + indicator.id() + " has no metric");
            }
        }
        if (scope == ScopeKind.AREAS && areas.isEmpty()) {
            problems.add(at + "scope AREAS needs 'areas'");
        }
        if (forDays < 1) {
            problems.add(at + "'for' must be at least 1 day");
        }
        if (minPractices < 0 || minPracticeDays < 0) {
            problems.add(at + "'minPractices' and 'minPracticeDays' must not be negative");
        }
        if (minReportingCompleteness != null && (minReportingCompleteness < 0 || minReportingCompleteness > 1)) {
            problems.add(at + "'minReportingCompleteness' must be between 0 and 1");
        }
        if (judge != Judge.VALUE) {
            if (type != RuleType.THRESHOLD) {
                problems.add(at + "'judge' " + judge.id() + " needs type THRESHOLD: EARS C2 judges the value against its own history");
            }
            if (indicator != null && !Judge.WITH_INTERVAL.contains(indicator.id())) {
                problems.add(at + "'judge' " + judge.id() + " needs an indicator with a 95% interval; " + indicator.id() + " has none");
            }
        }
        if (type == RuleType.THRESHOLD) {
            if (warning == null) {
                problems.add(at + "'warning' is required");
            }
            if (critical == null) {
                problems.add(at + "'critical' is required");
            }
            if (warning != null && critical != null && clear != null) {
                if (!direction.breaches(critical, warning)) {
                    problems.add(at + "'critical' (" + critical + ") must be at or beyond 'warning' (" + warning + ") going " + direction);
                }
                if (direction.clears(warning, clear)) {
                    problems.add(at + "'clear' (" + clear + ") must be at or before 'warning' (" + warning + ") going " + direction);
                }
            }
        } else {
            if (ears.baselineDays() < 2) {
                problems.add(at + "'ears.baselineDays' must be at least 2");
            }
            if (ears.guardDays() < 0) {
                problems.add(at + "'ears.guardDays' must not be negative");
            }
            if (ears.minSigma() <= 0) {
                problems.add(at + "'ears.minSigma' must be positive");
            }
            if (ears.clearSigmas() > ears.warningSigmas()) {
                problems.add(at + "'ears.clearSigmas' must not exceed 'ears.warningSigmas'");
            }
            if (ears.criticalSigmas() != null && ears.criticalSigmas() < ears.warningSigmas()) {
                problems.add(at + "'ears.criticalSigmas' must not be under 'ears.warningSigmas'");
            }
        }
        return problems;
    }

    /**
     * Calendar days of history this rule reads back from the series' latest day: the days it counts ({@code for},
     * and for EARS its guard band and baseline) doubled, since a working-day indicator skips weekends and bank
     * holidays, plus a week for the provisional and unusable days between the latest day and the day judged.
     */
    public int lookbackDays() {
        int counted = type == RuleType.EARS_C2 ? forDays + ears.guardDays() + ears.baselineDays() : forDays;
        return 2 * counted + 7;
    }
}
