package uk.nhs.impactmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Grafana as code: every dashboard parses, names the provisioned Prometheus datasource by its fixed uid (the
 * usual "datasource not found" failure otherwise), and the provider loads them from where Compose mounts them.
 */
class GrafanaDashboardsTest {

    @Test
    void shouldParseEveryDashboardWhenReadingTheProvisionedFolder() {
        // given
        List<java.nio.file.Path> files = DeployFiles.dashboardFiles();

        // when
        List<Dashboard> dashboards = files.stream().map(Dashboard::load).toList();

        // then: the five dashboards of the issue, each with a unique uid and at least one query
        assertThat(dashboards).extracting(Dashboard::name).containsExactlyInAnyOrder(
                "alerts.json", "icb.json", "national-overview.json", "region.json", "service-health.json");
        Set<String> uids = new HashSet<>();
        for (Dashboard dashboard : dashboards) {
            assertThat(dashboard.json().path("uid").asString("")).as(dashboard.name() + " uid").isNotBlank();
            assertThat(uids.add(dashboard.json().path("uid").asString(""))).as(dashboard.name() + " uid is unique").isTrue();
            assertThat(dashboard.title()).as(dashboard.name() + " title").isNotBlank();
            assertThat(dashboard.queries()).as(dashboard.name() + " queries").isNotEmpty();
        }
    }

    @Test
    void shouldNameTheProvisionedDatasourceUidWhenAPanelTargetOrVariableQueriesPrometheus() {
        // given
        String uid = DeployFiles.provisionedDatasourceUid();
        List<String> wrong = new ArrayList<>();
        int checked = 0;

        // when
        for (Dashboard dashboard : Dashboard.all()) {
            for (JsonNode panel : dashboard.panels()) {
                if ("row".equals(panel.path("type").asString(""))) {
                    continue;
                }
                String where = dashboard.name() + " / " + panel.path("title").asString("");
                checked += check(where, panel.path("datasource"), uid, wrong);
                for (JsonNode target : DeployFiles.stream(panel.path("targets")).toList()) {
                    checked += check(where + " / " + target.path("refId").asString(""), target.path("datasource"), uid, wrong);
                }
            }
            for (JsonNode variable : dashboard.variables()) {
                if ("query".equals(variable.path("type").asString(""))) {
                    checked += check(dashboard.name() + " / $" + variable.path("name").asString(""), variable.path("datasource"), uid, wrong);
                }
            }
        }

        // then
        assertThat(uid).isEqualTo("impact-monitor-prometheus");
        assertThat(wrong).as("datasources that are not {type: prometheus, uid: %s}", uid).isEmpty();
        assertThat(checked).as("datasource references checked").isGreaterThan(50);
    }

    @Test
    void shouldOfferAreaChoicesWhenARegionOrIcbDashboardOpens() {
        // given
        Dashboard region = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/region.json"));
        Dashboard icb = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/icb.json"));

        // when
        List<String> regionVariables = region.variableNames();
        List<String> icbVariables = icb.variableNames();

        // then: every query of those dashboards is filtered by the chosen area
        assertThat(regionVariables).containsExactly("region");
        assertThat(icbVariables).containsExactly("icb");
        assertThat(region.queries()).filteredOn(q -> !q.where().contains("variable")).allSatisfy(q -> assertThat(q.expr()).contains("$region"));
        assertThat(icb.queries()).filteredOn(q -> !q.where().contains("variable")).allSatisfy(q -> assertThat(q.expr()).contains("$icb"));
    }

    @Test
    void shouldLoadDashboardsFromWhereComposeMountsThemWhenGrafanaStarts() {
        // given
        JsonNode provider = DeployFiles.yaml(DeployFiles.root().resolve("grafana/provisioning/dashboards/impact-monitor.yml"))
                .get("providers").get(0);
        List<String> mounts = DeployFiles.stream(DeployFiles.compose().get("services").get("grafana").get("volumes"))
                .map(v -> v.asString("")).toList();

        // when
        String providerPath = provider.get("options").get("path").asString("");

        // then
        assertThat(provider.get("type").asString("")).isEqualTo("file");
        assertThat(mounts).contains("./grafana/dashboards:" + providerPath + ":ro", "./grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    private static int check(String where, JsonNode datasource, String uid, List<String> wrong) {
        if (!datasource.isObject() || !uid.equals(datasource.path("uid").asString("")) || !"prometheus".equals(datasource.path("type").asString(""))) {
            wrong.add(where + ": " + datasource);
        }
        return 1;
    }
}
