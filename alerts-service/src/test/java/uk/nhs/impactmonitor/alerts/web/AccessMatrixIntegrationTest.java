package uk.nhs.impactmonitor.alerts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertIds;
import uk.nhs.impactmonitor.alerts.support.AlertsApi;
import uk.nhs.impactmonitor.alerts.support.AlertsServiceIntegrationSupport;
import uk.nhs.impactmonitor.alerts.support.Indicators;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;

/**
 * Who may do what in alerts-service (api.md): every role x every endpoint x own / other area, as a table written
 * out by hand. Areas: QKK (an ICB of London, Y56) and QHM (an ICB of North East and Yorkshire, Y63). Callers: none
 * (unknown token), a practice of QKK, the ICBs QKK and QHM, the regions Y56 and Y63, admin. An ICB reads its own
 * alerts and manages its own subscriptions; a region reads, acknowledges and silences its own and its ICBs' alerts
 * and manages their subscriptions; admin does everything; a practice nothing here.
 */
class AccessMatrixIntegrationTest extends AlertsServiceIntegrationSupport {

    private static final LocalDate DAY = LocalDate.of(2024, 8, 7);
    private static final CollectiveAction ACTION = CollectiveAction.FREEZE_NEW_DATA_SHARING;
    // a rule no other test raises in these areas, and a silence end far beyond any clock a test moves: these
    // silences mute nothing another test waits for, and never end on their own
    private static final String RULE = "icb_reporting_gap";
    private static final String UNTIL = "2099-01-01T00:00:00Z";

    /** Columns of the table, in order. */
    private static final List<String> CALLERS = List.of("not-a-known-token", "dev-practice-Z00001", ICB_QKK, ICB_QHM, REGION_Y56,
            REGION_Y63, ADMIN);

    /** Endpoint (with {area}, {alert}, {silence}, {subscription} of the area) | area | status per caller, in CALLERS order. */
    static Stream<Arguments> matrix() {
        String[][] table = {
                {"GET /api/v1/alerts", "-", "401 403 200 200 200 200 200"},
                {"GET /api/v1/alerts?area={area}", "QKK", "401 403 200 403 200 403 200"},
                {"GET /api/v1/alerts?area={area}", "QHM", "401 403 403 200 403 200 200"},
                {"GET /api/v1/alerts?area={area}", "Y56", "401 403 403 403 200 403 200"},
                {"GET /api/v1/alerts/{alert}", "QKK", "401 403 200 403 200 403 200"},
                {"GET /api/v1/alerts/{alert}", "QHM", "401 403 403 200 403 200 200"},
                {"POST /api/v1/alerts/{alert}/ack", "QKK", "401 403 403 403 200 403 200"},
                {"POST /api/v1/alerts/{alert}/ack", "QHM", "401 403 403 403 403 200 200"},
                {"GET /api/v1/silences", "-", "401 403 200 200 200 200 200"},
                {"POST /api/v1/silences", "QKK", "401 403 403 403 201 403 201"},
                {"POST /api/v1/silences", "QHM", "401 403 403 403 403 201 201"},
                {"POST /api/v1/silences", "Y56", "401 403 403 403 201 403 201"},
                {"POST /api/v1/silences", "-", "401 403 403 403 403 403 201"},
                {"DELETE /api/v1/silences/{silence}", "QKK", "401 403 403 403 200 403 200"},
                {"DELETE /api/v1/silences/{silence}", "QHM", "401 403 403 403 403 200 200"},
                {"GET /api/v1/rules", "-", "401 403 200 200 200 200 200"},
                {"GET /api/v1/subscriptions", "-", "401 403 200 200 200 200 200"},
                {"POST /api/v1/subscriptions", "QKK", "401 403 201 403 201 403 201"},
                {"POST /api/v1/subscriptions", "QHM", "401 403 403 201 403 201 201"},
                {"POST /api/v1/subscriptions", "Y56", "401 403 403 403 201 403 201"},
                {"GET /api/v1/subscriptions/{subscription}", "QKK", "401 403 200 403 200 403 200"},
                {"GET /api/v1/subscriptions/{subscription}", "QHM", "401 403 403 200 403 200 200"},
                {"DELETE /api/v1/subscriptions/{subscription}", "QKK", "401 403 204 403 204 403 204"},
                {"DELETE /api/v1/subscriptions/{subscription}", "QHM", "401 403 403 204 403 204 204"},
        };
        List<Arguments> cases = new ArrayList<>();
        for (String[] row : table) {
            String[] statuses = row[2].split(" ");
            for (int i = 0; i < CALLERS.size(); i++) {
                cases.add(Arguments.of(row[0], row[1], CALLERS.get(i), Integer.parseInt(statuses[i])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} [{1}] as {2} -> {3}")
    @MethodSource("matrix")
    void shouldAnswerAsTheAccessMatrixSaysWhenCallerOfEachRoleCallsEachEndpoint(String endpoint, String area, String caller, int expected) {
        // given: a firing alert in the area, and (for the calls that end or read one) a silence or subscription of it
        String[] methodAndPath = endpoint.split(" ");
        String path = methodAndPath[1].replace("{area}", area);
        if (path.contains("{alert}")) {
            path = path.replace("{alert}", firingAlert(area));
        }
        if (path.contains("{silence}")) {
            path = path.replace("{silence}", created(api.post("/api/v1/silences", ADMIN, silence(area)), "silenceId"));
        }
        if (path.contains("{subscription}")) {
            path = path.replace("{subscription}", created(api.post("/api/v1/subscriptions", ADMIN, subscription(area)), "subscriptionId"));
        }

        // when
        AlertsApi.Response response = switch (methodAndPath[0]) {
            case "GET" -> api.get(path, caller);
            case "DELETE" -> api.delete(path, caller);
            case "POST" -> api.post(path, caller, path.endsWith("/ack") ? Map.of("by", "on-call")
                    : path.endsWith("/silences") ? silence(area) : subscription(area));
            default -> throw new IllegalArgumentException(endpoint);
        };

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        if (expected == 401 || expected == 403) {
            assertThat(response.json().get("status").asInt()).isEqualTo(expected);
        }
        if (expected == 201 && path.endsWith("/silences")) {
            api.delete("/api/v1/silences/" + response.json().get("silenceId").asString(), ADMIN);
        }
        if (expected == 201 && path.endsWith("/subscriptions")) {
            api.delete("/api/v1/subscriptions/" + response.json().get("subscriptionId").asString(), ADMIN);
        }
    }

    /** Caller | sees QKK's | sees QHM's (alerts, silences and subscriptions alike, in the lists). */
    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of(ICB_QKK, true, false),
                Arguments.of(ICB_QHM, false, true),
                Arguments.of(REGION_Y56, true, false),
                Arguments.of(REGION_Y63, false, true),
                Arguments.of(ADMIN, true, true));
    }

    @ParameterizedTest(name = "{0} sees QKK {1}, QHM {2}")
    @MethodSource("lists")
    void shouldListOnlyWhatTheCallerMayReadWhenCallerListsAlertsSilencesAndSubscriptions(String caller, boolean seesQkk, boolean seesQhm) {
        // given
        String qkkAlert = firingAlert("QKK");
        String qhmAlert = firingAlert("QHM");
        String qkkSilence = created(api.post("/api/v1/silences", ADMIN, silence("QKK")), "silenceId");
        String qhmSilence = created(api.post("/api/v1/silences", ADMIN, silence("QHM")), "silenceId");
        String qkkSubscription = created(api.post("/api/v1/subscriptions", ADMIN, subscription("QKK")), "subscriptionId");
        String qhmSubscription = created(api.post("/api/v1/subscriptions", ADMIN, subscription("QHM")), "subscriptionId");
        try {
            // when
            String alerts = api.get("/api/v1/alerts", caller).body();
            String silences = api.get("/api/v1/silences", caller).body();
            String subscriptions = api.get("/api/v1/subscriptions", caller).body();

            // then
            assertThat(alerts.contains(qkkAlert)).isEqualTo(seesQkk);
            assertThat(alerts.contains(qhmAlert)).isEqualTo(seesQhm);
            assertThat(silences.contains(qkkSilence)).isEqualTo(seesQkk);
            assertThat(silences.contains(qhmSilence)).isEqualTo(seesQhm);
            assertThat(subscriptions.contains(qkkSubscription)).isEqualTo(seesQkk);
            assertThat(subscriptions.contains(qhmSubscription)).isEqualTo(seesQhm);
            assertThat(subscriptions).doesNotContain("matrix-secret");
        } finally {
            api.delete("/api/v1/silences/" + qkkSilence, ADMIN);
            api.delete("/api/v1/silences/" + qhmSilence, ADMIN);
            api.delete("/api/v1/subscriptions/" + qkkSubscription, ADMIN);
            api.delete("/api/v1/subscriptions/" + qhmSubscription, ADMIN);
        }
    }

    /** The area's alert of this test, raised once (the service keeps it) and waited for. */
    private String firingAlert(String area) {
        String alertId = AlertIds.of("icb_participation", area, ACTION, null);
        if (api.get("/api/v1/alerts/" + alertId, ADMIN).status() != 200) {
            indicators.send(Indicators.participation(area, DAY, ACTION, 0.6));
            awaitAlert(a -> a.get("alertId").asString().equals(alertId) && a.get("state").asString().equals("FIRING"));
        }
        return alertId;
    }

    private static Map<String, Object> silence(String area) {
        Map<String, Object> matchers = area.equals("-") ? Map.of("rule", RULE) : Map.of("rule", RULE, "area", area);
        return Map.of("matchers", matchers, "until", UNTIL, "by", "matrix", "comment", "access matrix");
    }

    /** An escalation contact: it hears only CRITICAL alerts left unacknowledged, so these subscriptions are sent nothing. */
    private static Map<String, Object> subscription(String area) {
        return Map.of("area", area, "webhook", Map.of("url", "http://127.0.0.1:9/matrix", "secret", "matrix-secret"), "escalation", true);
    }

    private static String created(AlertsApi.Response response, String field) {
        if (response.status() != 201) {
            throw new AssertionError("expected 201, got " + response.status() + ": " + response.body());
        }
        return response.json().get(field).asString();
    }
}
