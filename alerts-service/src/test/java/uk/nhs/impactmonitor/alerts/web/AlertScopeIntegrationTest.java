package uk.nhs.impactmonitor.alerts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * Which alerts and rules belong to an area, decided here so the planners' page does not decide it:
 * {@code GET /api/v1/alerts?within=} (the area and the areas inside it) and {@code GET /api/v1/rules?area=}.
 */
class AlertScopeIntegrationTest extends AlertsServiceIntegrationSupport {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 2);
    // an action no other test fires on, so these alerts are told apart from theirs
    private static final CollectiveAction ACTION = CollectiveAction.DEFER_PILOTS;

    private static List<String> ids(AlertsApi.Response response) {
        List<String> ids = new ArrayList<>();
        response.json().forEach(a -> ids.add(a.get("alertId").asString()));
        return ids;
    }

    private static List<String> areas(AlertsApi.Response response) {
        List<String> areas = new ArrayList<>();
        response.json().forEach(a -> areas.add(a.get("area").asString()));
        return areas;
    }

    private static List<String> names(AlertsApi.Response response) {
        List<String> names = new ArrayList<>();
        response.json().forEach(r -> names.add(r.get("name").asString()));
        return names;
    }

    private static String field(AlertsApi.Response response) {
        JsonNode errors = response.json().get("errors");
        return errors.size() == 1 ? errors.get(0).get("field").asString() : errors.toString();
    }

    @Test
    void shouldListAlertsOfTheAreaAndTheAreasInsideItWhenAskedWithin() {
        // given: the last region (Y63, North East and Yorkshire: no test subscribes to it) firing on its own and on
        // two of its ICBs, and an ICB of London (another region) firing too
        String region = regions().get(6);
        List<String> icbs = directory.areas().stream().filter(a -> region.equals(a.parent())).map(a -> a.code()).sorted().toList();
        String firstIcb = icbs.get(0);
        String secondIcb = icbs.get(1);
        indicators.send(Indicators.participation(region, DAY, ACTION, 0.5));
        indicators.send(Indicators.participation(firstIcb, DAY, ACTION, 0.6));
        indicators.send(Indicators.participation(secondIcb, DAY, ACTION, 0.6));
        indicators.send(Indicators.participation("QKK", DAY, ACTION, 0.6));
        String regionAlert = AlertIds.of("region_participation", region, ACTION, null);
        String firstAlert = AlertIds.of("icb_participation", firstIcb, ACTION, null);
        String secondAlert = AlertIds.of("icb_participation", secondIcb, ACTION, null);
        String londonAlert = AlertIds.of("icb_participation", "QKK", ACTION, null);
        for (String id : List.of(regionAlert, firstAlert, secondAlert, londonAlert)) {
            awaitAlert(a -> a.get("alertId").asString().equals(id));
        }

        // when
        AlertsApi.Response england = api.get("/api/v1/alerts?state=FIRING&within=ENG", ADMIN);
        AlertsApi.Response wholeRegion = api.get("/api/v1/alerts?state=FIRING&within=" + region, REGION_Y63);
        AlertsApi.Response wholeRegionByAdmin = api.get("/api/v1/alerts?state=FIRING&within=" + region, ADMIN);
        AlertsApi.Response oneIcb = api.get("/api/v1/alerts?state=FIRING&within=" + firstIcb, REGION_Y63);
        AlertsApi.Response regionAlone = api.get("/api/v1/alerts?state=FIRING&area=" + region, ADMIN);

        // then: England takes in every region and ICB; a region itself and its ICBs, nothing of another region; an
        // ICB only itself; area= stays the one area
        assertThat(england.status()).isEqualTo(200);
        assertThat(ids(england)).contains(regionAlert, firstAlert, secondAlert, londonAlert);
        assertThat(ids(wholeRegion)).contains(regionAlert, firstAlert, secondAlert).doesNotContain(londonAlert);
        assertThat(ids(wholeRegionByAdmin)).contains(regionAlert, firstAlert, secondAlert).doesNotContain(londonAlert);
        assertThat(areas(wholeRegionByAdmin)).allMatch(area -> area.equals(region) || icbs.contains(area));
        assertThat(ids(oneIcb)).contains(firstAlert).doesNotContain(regionAlert, secondAlert, londonAlert);
        assertThat(areas(oneIcb)).containsOnly(firstIcb);
        assertThat(ids(regionAlone)).contains(regionAlert).doesNotContain(firstAlert, secondAlert);
    }

    @Test
    void shouldRefuseWithinOfUnknownAreaWith400NamingWithinAndUnreadableAreaWith403() {
        // when
        AlertsApi.Response unknown = api.get("/api/v1/alerts?state=FIRING&within=NOWHERE", ADMIN);
        AlertsApi.Response england = api.get("/api/v1/alerts?within=ENG", REGION_Y56);
        AlertsApi.Response otherRegion = api.get("/api/v1/alerts?within=Y63", REGION_Y56);
        AlertsApi.Response otherIcb = api.get("/api/v1/alerts?within=QHM", ICB_QKK);

        // then
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("NOWHERE");
        assertThat(field(unknown)).isEqualTo("within");
        assertThat(england.status()).isEqualTo(403);
        assertThat(otherRegion.status()).isEqualTo(403);
        assertThat(otherIcb.status()).isEqualTo(403);
    }

    @Test
    void shouldListTheRulesWatchingAnAreaByItsKindWhenAskedForOneArea() {
        // when
        AlertsApi.Response england = api.get("/api/v1/rules?area=ENG", REGION_Y56);
        AlertsApi.Response region = api.get("/api/v1/rules?area=Y56", REGION_Y56);
        AlertsApi.Response icb = api.get("/api/v1/rules?area=QKK", ICB_QKK);
        AlertsApi.Response all = api.get("/api/v1/rules", ICB_QKK);

        // then: alerts-service.yml's rules by their scope, read off the file by hand
        assertThat(names(england)).containsExactly("england_ag_dropoff");
        assertThat(names(region)).containsExactly("region_participation", "region_gp_appointments_fall");
        assertThat(names(icb)).containsExactly("icb_participation", "icb_patients_covered", "icb_ag_dropoff", "icb_referral_rise",
                "icb_urgent_care_diversions", "icb_capped_sessions", "icb_online_request_fall", "icb_reporting_gap",
                "icb_gp_appointments_fall", "icb_urgent_care_diversions_aberration", "icb_referral_aberration");
        assertThat(names(all)).hasSize(14);
    }

    @Test
    void shouldRefuseRulesOfUnknownAreaWith400NamingArea() {
        // when
        AlertsApi.Response unknown = api.get("/api/v1/rules?area=NOWHERE", ADMIN);

        // then
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(field(unknown)).isEqualTo("area");
    }
}
