package uk.nhs.impactmonitor.alerts.rule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;

/**
 * The rules in force, checked once at start-up (a bad rule stops the service with every problem named,
 * rather than silently never firing), and which of them apply to a series.
 */
public final class RuleBook {

    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final PracticeDirectory directory;

    public RuleBook(List<Rule> configured, PracticeDirectory directory) {
        this.directory = directory;
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Rule rule : configured) {
            problems.addAll(rule.problems());
            if (rule.name() != null && !names.add(rule.name())) {
                problems.add("rule '" + rule.name() + "' is defined twice");
            }
            for (String area : rule.areas()) {
                if (directory.area(area).isEmpty()) {
                    problems.add("rule '" + rule.name() + "': area '" + area + "' is not in the practice directory");
                }
            }
            rules.put(rule.name(), rule);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("monitor.alerts.rules has " + problems.size() + " problem(s): " + String.join("; ", problems));
        }
    }

    public List<Rule> all() {
        return List.copyOf(rules.values());
    }

    public Optional<Rule> rule(String name) {
        return Optional.ofNullable(rules.get(name));
    }

    /** The rules that watch this series: same indicator, matching labels, and the area in scope. */
    public List<Rule> rulesFor(String area, Indicator indicator, CollectiveAction action, Metric metric) {
        List<Rule> matching = new ArrayList<>();
        for (Rule rule : rules.values()) {
            if (rule.indicator() == indicator
                    && (rule.action() == null || rule.action() == action)
                    && (rule.metric() == null || rule.metric() == metric)
                    && inScope(rule, area)) {
                matching.add(rule);
            }
        }
        return matching;
    }

    /**
     * The rules that watch some series of this area, whatever its indicator and labels: the rules whose scope takes
     * the area in (the same decision {@link #rulesFor} makes), in the order they are configured. This is what the
     * planners' page shows as an area's thresholds ({@code GET /api/v1/rules?area=}), so the page never decides
     * scope itself.
     */
    public List<Rule> rulesWatching(String areaCode) {
        return rules.values().stream().filter(rule -> inScope(rule, areaCode)).toList();
    }

    public boolean watches(Indicator indicator) {
        return rules.values().stream().anyMatch(rule -> rule.indicator() == indicator);
    }

    boolean inScope(Rule rule, String areaCode) {
        return switch (rule.scope()) {
            case AREAS -> rule.areas().contains(areaCode);
            case ENGLAND -> Area.ENGLAND.equals(areaCode);
            case ICB -> directory.area(areaCode).map(a -> a.kind() == AreaKind.ICB).orElse(false);
            case REGION -> directory.area(areaCode).map(a -> a.kind() == AreaKind.REGION).orElse(false);
        };
    }

    /** Whether some rule needs the areas' reporting completeness as its basis. */
    public boolean needsReportingCompleteness() {
        return rules.values().stream().anyMatch(rule -> rule.minReportingCompleteness() != null);
    }

    /** The longest history any rule reads back. */
    public int longestLookbackDays() {
        return rules.values().stream().mapToInt(Rule::lookbackDays).max().orElse(1);
    }
}
