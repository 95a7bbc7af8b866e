package uk.nhs.impactmonitor.simulator.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.Metric;

/**
 * Reads a scenario from YAML and validates it, reporting every problem at once with its path in the
 * file ({@code actions.CAP_DAILY_CONTACTS.uptake[2].share: must be between 0 and 1}), so a planner fixes a
 * file in one go. The file is read as a tree rather than bound to the records because a binding error
 * stops at the first problem and names Java types instead of the planner's words.
 */
public final class ScenarioLoader {

    /** The scenario the demo runs. */
    public static final String DEFAULT_SCENARIO = "expected";
    /** The scenarios shipped in {@code src/main/resources/scenarios/}. */
    public static final List<String> SHIPPED = List.of("mild", "expected", "reasonable-worst-case");

    /** NHS England's seven regions (there is no Y57). */
    public static final Set<String> REGION_CODES = Set.of("Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63");

    /** Metrics an action may scale; sessions and capped sessions follow from the contact cap instead. */
    static final Set<Metric> SCALABLE = Set.of(Metric.PATIENT_CONTACTS, Metric.URGENT_CARE_DIVERSIONS,
            Metric.AG_REQUESTS, Metric.REFERRALS, Metric.ONLINE_REQUESTS);

    private static final int MAX_ACTION_DAYS = 3 * 365;
    private static final int MAX_BASELINE_WEEKS = 52;
    private static final int MAX_LATE_DAYS = 14;
    private static final double MAX_MULTIPLIER = 10;
    private static final double MAX_REGION_MULTIPLIER = 5;

    private static final Set<String> TOP_LEVEL = Set.of("name", "description", "seed", "startDate", "baselineWeeks",
            "actionDays", "seasonality", "reporting", "notices", "actions");
    private static final Set<String> REPORTING = Set.of("completeness", "arrival", "lateRate", "maxLateDays", "correctionRate",
            "closedDays");
    private static final Set<String> CLOSED_DAYS = Set.of("saturday", "sunday");
    private static final Set<String> CLOSED_DAY = Set.of("reporting", "activity");
    private static final Set<String> NOTICES = Set.of("correctedRate", "withdrawnRate", "leadDays", "fixedTermRate");
    private static final Set<String> LEAD_DAYS = Set.of("min", "max");
    private static final int MAX_LEAD_DAYS = 90;
    /** The arrival shares must add up to 1 within this (they are typed as decimals). */
    private static final double ARRIVAL_TOLERANCE = 1e-6;
    private static final Set<String> ACTION = Set.of("uptake", "regions", "effect");
    private static final Set<String> UPTAKE_POINT = Set.of("day", "share");
    private static final Set<String> EFFECT = Set.of("contactCap", "divertedShare", "multipliers");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ScenarioLoader() {
    }

    /**
     * A shipped scenario by name ({@code expected}), or a YAML file by path.
     *
     * @throws InvalidScenarioException when it cannot be read or breaks a rule
     */
    public static Scenario load(String nameOrPath) {
        if (SHIPPED.contains(nameOrPath)) {
            return shipped(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new InvalidScenarioException(nameOrPath, List.of("not a shipped scenario (" + String.join(", ", SHIPPED)
                    + ") nor a readable file"));
        }
        return load(file);
    }

    public static Scenario shipped(String name) {
        String resource = "/scenarios/" + name + ".yml";
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidScenarioException(name, List.of("no shipped scenario of that name; shipped: " + String.join(", ", SHIPPED)));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidScenarioException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    /** Parses and validates YAML text; {@code source} names it in errors. */
    public static Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new InvalidScenarioException(source, List.of("not readable YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        Reader reader = new Reader();
        Scenario scenario = reader.scenario(root);
        if (!reader.errors.isEmpty()) {
            throw new InvalidScenarioException(source, reader.errors);
        }
        return scenario;
    }

    /** One pass over the tree, collecting errors instead of stopping at the first. */
    private static final class Reader {

        private final List<String> errors = new ArrayList<>();

        Scenario scenario(JsonNode root) {
            if (root == null || root.isNull() || root.isMissingNode()) {
                errors.add("(file): empty; a scenario needs at least name, seed, actionDays and actions");
                return null;
            }
            if (!root.isObject()) {
                errors.add("(file): must be a mapping of fields (name, seed, actionDays, actions, ...)");
                return null;
            }
            unknownFields(root, "", TOP_LEVEL);
            String name = string(root, "", "name", true, null);
            String description = string(root, "", "description", false, "");
            Long seed = integer(root, "", "seed", true, null, Long.MIN_VALUE, Long.MAX_VALUE);
            LocalDate startDate = date(root, "", "startDate", Scenario.DEFAULT_START_DATE);
            Long baselineWeeks = integer(root, "", "baselineWeeks", false, (long) Scenario.DEFAULT_BASELINE_WEEKS, 1, MAX_BASELINE_WEEKS);
            Long actionDays = integer(root, "", "actionDays", true, null, 1, MAX_ACTION_DAYS);
            Boolean seasonality = bool(root, "", "seasonality", true);
            Reporting reporting = reporting(root.get("reporting"));
            NoticeRates notices = notices(root.get("notices"));
            Map<CollectiveAction, ActionScenario> actions = actions(root.get("actions"), actionDays);
            if (!errors.isEmpty()) {
                return null;
            }
            return new Scenario(name, description, seed, startDate, baselineWeeks.intValue(), actionDays.intValue(),
                    seasonality, reporting, notices, actions);
        }

        private Reporting reporting(JsonNode node) {
            Reporting d = Reporting.DEFAULT;
            if (!mapping(node, "reporting", false)) {
                return d;
            }
            int before = errors.size();
            unknownFields(node, "reporting.", REPORTING);
            Double completeness = share(node, "reporting.", "completeness", d.completeness());
            if (completeness != null && completeness == 0) {
                errors.add("reporting.completeness: must be above 0 (no practice would ever report)");
            }
            List<Double> arrival = d.arrival();
            if (node.has("arrival")) {
                if (node.has("lateRate") || node.has("maxLateDays")) {
                    errors.add("reporting.arrival: give either arrival or lateRate/maxLateDays, not both");
                }
                arrival = arrival(node.get("arrival"));
            } else if (node.has("lateRate") || node.has("maxLateDays")) {
                // version 1's shorthand: the late reports spread evenly over 1..maxLateDays
                Double lateRate = share(node, "reporting.", "lateRate", 0.05);
                Long maxLateDays = integer(node, "reporting.", "maxLateDays", false, 3L, 1, MAX_LATE_DAYS);
                arrival = lateRate == null || maxLateDays == null ? null
                        : new Reporting(1, lateRate, maxLateDays.intValue(), 0).arrival();
            }
            Double correctionRate = share(node, "reporting.", "correctionRate", d.correctionRate());
            ClosedDays closedDays = closedDays(node.get("closedDays"));
            if (errors.size() != before || completeness == null || arrival == null || correctionRate == null || closedDays == null) {
                return d;
            }
            return new Reporting(completeness, arrival, correctionRate, closedDays);
        }

        private List<Double> arrival(JsonNode node) {
            String path = "reporting.arrival";
            if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_LATE_DAYS + 1) {
                errors.add(path + ": must be a list of 1 to " + (MAX_LATE_DAYS + 1) + " shares (on the day, a day later, ...)");
                return null;
            }
            List<Double> shares = new ArrayList<>();
            double sum = 0;
            for (int i = 0; i < node.size(); i++) {
                JsonNode share = node.get(i);
                if (!share.isNumber() || !(share.doubleValue() >= 0 && share.doubleValue() <= 1)) {
                    errors.add(path + "[" + i + "]: must be a number between 0 and 1, not '" + share.asString() + "'");
                    return null;
                }
                shares.add(share.doubleValue());
                sum += share.doubleValue();
            }
            if (Math.abs(sum - 1) > ARRIVAL_TOLERANCE) {
                errors.add(path + ": the shares must add up to 1, not " + sum
                        + " (the reports that never arrive are 1 - completeness)");
                return null;
            }
            return shares;
        }

        private ClosedDays closedDays(JsonNode node) {
            ClosedDays d = ClosedDays.DEFAULT;
            String path = "reporting.closedDays";
            if (!mapping(node, path, false)) {
                return node == null || node.isNull() ? d : null;
            }
            int before = errors.size();
            unknownFields(node, path + ".", CLOSED_DAYS);
            double[] saturday = closedDay(node.get("saturday"), path + ".saturday", d.saturdayReporting(), d.saturdayActivity());
            double[] sunday = closedDay(node.get("sunday"), path + ".sunday", d.sundayReporting(), d.sundayActivity());
            if (errors.size() != before) {
                return null;
            }
            return new ClosedDays(saturday[0], saturday[1], sunday[0], sunday[1]);
        }

        private double[] closedDay(JsonNode node, String path, double reporting, double activity) {
            if (!mapping(node, path, false)) {
                return new double[] {reporting, activity};
            }
            unknownFields(node, path + ".", CLOSED_DAY);
            Double share = share(node, path + ".", "reporting", reporting);
            Double level = share(node, path + ".", "activity", activity);
            return new double[] {share == null ? reporting : share, level == null ? activity : level};
        }

        private NoticeRates notices(JsonNode node) {
            NoticeRates d = NoticeRates.DEFAULT;
            if (!mapping(node, "notices", false)) {
                return d;
            }
            int before = errors.size();
            unknownFields(node, "notices.", NOTICES);
            Double corrected = share(node, "notices.", "correctedRate", d.correctedRate());
            Double withdrawn = share(node, "notices.", "withdrawnRate", d.withdrawnRate());
            Double fixedTerm = share(node, "notices.", "fixedTermRate", d.fixedTermRate());
            Long minLead = (long) d.minLeadDays();
            Long maxLead = (long) d.maxLeadDays();
            JsonNode lead = node.get("leadDays");
            if (mapping(lead, "notices.leadDays", false)) {
                unknownFields(lead, "notices.leadDays.", LEAD_DAYS);
                minLead = integer(lead, "notices.leadDays.", "min", false, minLead, 0, MAX_LEAD_DAYS);
                maxLead = integer(lead, "notices.leadDays.", "max", false, maxLead, 0, MAX_LEAD_DAYS);
                if (minLead != null && maxLead != null && maxLead < minLead) {
                    errors.add("notices.leadDays.max: must not be below min (" + minLead + "), not " + maxLead);
                }
            }
            if (corrected != null && withdrawn != null && fixedTerm != null && corrected + withdrawn + fixedTerm > 1) {
                errors.add("notices: correctedRate + withdrawnRate + fixedTermRate must not exceed 1");
            }
            if (errors.size() != before || corrected == null || withdrawn == null || fixedTerm == null || minLead == null
                    || maxLead == null) {
                return d;
            }
            return new NoticeRates(corrected, withdrawn, minLead.intValue(), maxLead.intValue(), fixedTerm);
        }

        private Map<CollectiveAction, ActionScenario> actions(JsonNode node, Long actionDays) {
            Map<CollectiveAction, ActionScenario> actions = new EnumMap<>(CollectiveAction.class);
            if (!mapping(node, "actions", true)) {
                return actions;
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String path = "actions." + entry.getKey();
                CollectiveAction action = CollectiveAction.fromId(entry.getKey());
                if (action == null) {
                    errors.add(path + ": unknown action id; expected one of " + Arrays.stream(CollectiveAction.values())
                            .map(Enum::name).collect(Collectors.joining(", ")));
                    continue;
                }
                ActionScenario scenario = action(entry.getValue(), path, actionDays);
                if (scenario != null) {
                    actions.put(action, scenario);
                }
            }
            return actions;
        }

        private ActionScenario action(JsonNode node, String path, Long actionDays) {
            if (!mapping(node, path, true)) {
                return null;
            }
            unknownFields(node, path + ".", ACTION);
            List<UptakePoint> uptake = uptake(node.get("uptake"), path + ".uptake", actionDays);
            Map<String, Double> regions = regions(node.get("regions"), path + ".regions");
            ActionEffect effect = effect(node.get("effect"), path + ".effect");
            if (uptake == null || regions == null || effect == null) {
                return null;
            }
            return new ActionScenario(uptake, regions, effect);
        }

        private List<UptakePoint> uptake(JsonNode node, String path, Long actionDays) {
            if (node == null || node.isNull()) {
                errors.add(path + ": required (a list of {day, share} points)");
                return null;
            }
            if (!node.isArray() || node.isEmpty()) {
                errors.add(path + ": must be a non-empty list of {day, share} points");
                return null;
            }
            int before = errors.size();
            List<UptakePoint> points = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String pointPath = path + "[" + i + "]";
                JsonNode point = node.get(i);
                if (!mapping(point, pointPath, true)) {
                    continue;
                }
                unknownFields(point, pointPath + ".", UPTAKE_POINT);
                Long day = integer(point, pointPath + ".", "day", true, null, 0, actionDays == null ? MAX_ACTION_DAYS : actionDays - 1);
                Double share = share(point, pointPath + ".", "share", null);
                if (share == null && !point.has("share")) {
                    errors.add(pointPath + ".share: required");
                }
                if (day == null || share == null) {
                    continue;
                }
                if (!points.isEmpty()) {
                    UptakePoint previous = points.get(points.size() - 1);
                    if (day <= previous.day()) {
                        errors.add(pointPath + ".day: must be after the previous point's day (" + previous.day()
                                + "); uptake days must increase");
                    } else if (share < previous.share()) {
                        errors.add(pointPath + ".share: must not be below the previous point's share (" + previous.share()
                                + "); a practice that has joined stays joined (end an action with notice corrections)");
                    }
                }
                points.add(new UptakePoint(day.intValue(), share));
            }
            return errors.size() == before ? points : null;
        }

        private Map<String, Double> regions(JsonNode node, String path) {
            Map<String, Double> regions = new LinkedHashMap<>();
            if (!mapping(node, path, false)) {
                return node == null || node.isNull() ? regions : null;
            }
            int before = errors.size();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String code = entry.getKey();
                if (!REGION_CODES.contains(code)) {
                    errors.add(path + "." + code + ": unknown region code; expected one of "
                            + REGION_CODES.stream().sorted().collect(Collectors.joining(", ")));
                    continue;
                }
                Double multiplier = number(node, path + ".", code, true, null, 0, MAX_REGION_MULTIPLIER);
                if (multiplier != null) {
                    regions.put(code, multiplier);
                }
            }
            return errors.size() == before ? regions : null;
        }

        private ActionEffect effect(JsonNode node, String path) {
            if (!mapping(node, path, false)) {
                return node == null || node.isNull() ? ActionEffect.NONE : null;
            }
            int before = errors.size();
            unknownFields(node, path + ".", EFFECT);
            Long cap = integer(node, path + ".", "contactCap", false, null, 1, 200);
            Double diverted = share(node, path + ".", "divertedShare", ActionEffect.DEFAULT_DIVERTED_SHARE);
            if (node.has("divertedShare") && !node.has("contactCap")) {
                errors.add(path + ".divertedShare: only meaningful with contactCap");
            }
            Map<Metric, Double> multipliers = new EnumMap<>(Metric.class);
            JsonNode multiplierNode = node.get("multipliers");
            if (mapping(multiplierNode, path + ".multipliers", false)) {
                for (Map.Entry<String, JsonNode> entry : multiplierNode.properties()) {
                    Metric metric = scalable(entry.getKey());
                    if (metric == null) {
                        errors.add(path + ".multipliers." + entry.getKey() + ": not a metric an action can scale; expected one of "
                                + SCALABLE.stream().map(Metric::field).sorted().collect(Collectors.joining(", ")));
                        continue;
                    }
                    Double value = number(multiplierNode, path + ".multipliers.", entry.getKey(), true, null, 0, MAX_MULTIPLIER);
                    if (value != null) {
                        multipliers.put(metric, value);
                    }
                }
            }
            if (errors.size() != before) {
                return null;
            }
            return new ActionEffect(cap == null ? null : cap.intValue(), diverted, multipliers);
        }

        private static Metric scalable(String field) {
            return SCALABLE.stream().filter(m -> m.field().equals(field)).findFirst().orElse(null);
        }

        // --- leaves -------------------------------------------------------------------------------

        /** Whether {@code node} is a mapping to read; records an error when it is present but something else. */
        private boolean mapping(JsonNode node, String path, boolean required) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                if (required) {
                    errors.add(path + ": required");
                }
                return false;
            }
            if (!node.isObject()) {
                errors.add(path + ": must be a mapping");
                return false;
            }
            return true;
        }

        private void unknownFields(JsonNode node, String prefix, Set<String> known) {
            for (String field : node.propertyNames()) {
                if (!known.contains(field)) {
                    errors.add(prefix + field + ": unknown field; expected one of "
                            + known.stream().sorted().collect(Collectors.joining(", ")));
                }
            }
        }

        private String string(JsonNode parent, String prefix, String field, boolean required, String fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                if (required) {
                    errors.add(prefix + field + ": required");
                }
                return fallback;
            }
            if (!node.isString() || node.stringValue().isBlank()) {
                errors.add(prefix + field + ": must be a non-empty text");
                return fallback;
            }
            return node.stringValue().strip();
        }

        private LocalDate date(JsonNode parent, String prefix, String field, LocalDate fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            try {
                return LocalDate.parse(node.asString());
            } catch (DateTimeParseException e) {
                errors.add(prefix + field + ": must be an ISO date such as 2024-08-01, not '" + node.asString() + "'");
                return fallback;
            }
        }

        private Boolean bool(JsonNode parent, String prefix, String field, boolean fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                errors.add(prefix + field + ": must be true or false, not '" + node.asString() + "'");
                return fallback;
            }
            return node.booleanValue();
        }

        private Long integer(JsonNode parent, String prefix, String field, boolean required, Long fallback, long min, long max) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                if (required) {
                    errors.add(prefix + field + ": required");
                }
                return fallback;
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                errors.add(prefix + field + ": must be a whole number, not '" + node.asString() + "'");
                return null;
            }
            long value = node.longValue();
            if (value < min || value > max) {
                errors.add(prefix + field + ": must be between " + min + " and " + max + ", not " + value);
                return null;
            }
            return value;
        }

        private Double share(JsonNode parent, String prefix, String field, Double fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                errors.add(prefix + field + ": must be a number between 0 and 1, not '" + node.asString() + "'");
                return null;
            }
            double value = node.doubleValue();
            if (!(value >= 0 && value <= 1)) {
                errors.add(prefix + field + ": must be between 0 and 1, not " + value);
                return null;
            }
            return value;
        }

        private Double number(JsonNode parent, String prefix, String field, boolean required, Double fallback, double min, double max) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                if (required) {
                    errors.add(prefix + field + ": required");
                }
                return fallback;
            }
            if (!node.isNumber()) {
                errors.add(prefix + field + ": must be a number, not '" + node.asString() + "'");
                return null;
            }
            double value = node.doubleValue();
            if (!(value >= min && value <= max)) {
                errors.add(prefix + field + ": must be between " + min + " and " + max + ", not " + value);
                return null;
            }
            return value;
        }
    }
}
