package uk.nhs.impactmonitor.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** One Grafana dashboard file: its panels (rows' nested panels included) and the PromQL they run. */
record Dashboard(Path file, JsonNode json) {

    /** Grafana's built-in interval variables, as concrete values a Prometheus scraping every second can answer. */
    static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "5m",
            "__range_s", "300");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\s*\\)$");

    static Dashboard load(Path file) {
        return new Dashboard(file, DeployFiles.json(file));
    }

    static List<Dashboard> all() {
        return DeployFiles.dashboardFiles().stream().map(Dashboard::load).toList();
    }

    String name() {
        return file.getFileName().toString();
    }

    String title() {
        return json.path("title").asString("");
    }

    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        collect(json.path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode list, List<JsonNode> into) {
        DeployFiles.stream(list).forEach(panel -> {
            into.add(panel);
            collect(panel.path("panels"), into);
        });
    }

    List<JsonNode> variables() {
        return DeployFiles.stream(json.path("templating").path("list")).toList();
    }

    List<String> variableNames() {
        return variables().stream().map(v -> v.path("name").asString("")).toList();
    }

    JsonNode panel(String title) {
        return panels().stream().filter(p -> title.equals(p.path("title").asString(""))).findFirst()
                .orElseThrow(() -> new AssertionError(name() + " has no panel '" + title + "'"));
    }

    /** Every PromQL expression: each panel target's {@code expr}, and the selector of each {@code label_values} variable. */
    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : DeployFiles.stream(panel.path("targets")).toList()) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    queries.add(new Query(name() + " / " + panel.path("title").asString("") + " / " + target.path("refId").asString(""), expr));
                }
            }
        }
        for (JsonNode variable : variables()) {
            if ("query".equals(variable.path("type").asString(""))) {
                Matcher labelValues = LABEL_VALUES.matcher(variable.path("definition").asString("").trim());
                if (labelValues.matches()) {
                    queries.add(new Query(name() + " / variable $" + variable.path("name").asString(""), labelValues.group(1)));
                }
            }
        }
        return queries;
    }

    /** A dashboard's PromQL with Grafana's variables replaced by concrete values; an unknown variable is an error. */
    record Query(String where, String expr) {

        String resolve(Map<String, String> values) {
            Matcher matcher = VARIABLE.matcher(expr);
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                String value = values.containsKey(name) ? values.get(name) : BUILT_INS.get(name);
                if (value == null) {
                    throw new AssertionError(where + ": no value for variable $" + name + " in " + expr);
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(resolved);
            return resolved.toString();
        }
    }
}
