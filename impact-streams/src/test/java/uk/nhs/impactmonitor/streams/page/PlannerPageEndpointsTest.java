package uk.nhs.impactmonitor.streams.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.AreaKind;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.streams.Http;

/**
 * The planners' page's own endpoints over HTTP, without Kafka: who the caller is and which areas it may read,
 * the alerts read forwarded to a stand-in alerts-service (a real HTTP server in the test) with the caller's
 * credential, and the page and its chart library being served.
 */
@SpringBootTest(classes = PlannerPageEndpointsTest.PageOnly.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=impact-streams", "monitor.security.dev-credentials=true", "spring.kafka.bootstrap-servers=127.0.0.1:1"})
class PlannerPageEndpointsTest {

    /** Only the page package and the shared web auto-configuration (security, problems, directory). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(AlertsLink.class)
    @Import({PlannerPageController.class, AlertsProxyController.class})
    static class PageOnly {
    }

    record Seen(String method, String pathAndQuery, String authorization) {
    }

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    static volatile int answerStatus = 200;
    static volatile String answerBody = "[]";
    static final HttpServer ALERTS = startAlerts();

    static HttpServer startAlerts() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                SEEN.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] body = answerBody.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", answerStatus == 200 ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(answerStatus, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void alertsService(DynamicPropertyRegistry registry) {
        registry.add("monitor.alerts-link.base-url", () -> "http://127.0.0.1:" + ALERTS.getAddress().getPort());
    }

    @AfterAll
    static void stopAlerts() {
        ALERTS.stop(0);
    }

    @LocalServerPort
    int port;
    @Autowired
    PracticeDirectory directory;
    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        SEEN.clear();
        answerStatus = 200;
        answerBody = "[]";
    }

    @Test
    void shouldOpenOnItsOwnIcbOnlyWhenAnIcbCredentialAsksWhoItIs() {
        // when
        JsonNode me = http.get("/api/v1/me", Http.ICB_QKK).json();

        // then
        assertThat(me.path("role").asString()).isEqualTo("ICB");
        assertThat(me.path("home").asString()).isEqualTo("QKK");
        assertThat(texts(me.path("areas"))).containsExactly("QKK");
    }

    @Test
    void shouldListTheRegionThenItsIcbsWhenARegionCredentialAsksWhoItIs() {
        // given: the ICBs whose parent is London (Y56), read from the directory the service uses
        List<String> londonIcbs = directory.areas().stream().filter(a -> "Y56".equals(a.parent())).map(Area::code).sorted().toList();

        // when
        JsonNode me = http.get("/api/v1/me", Http.REGION_Y56).json();

        // then: London has five ICBs (North Central, North East, North West, South East, South West London)
        assertThat(londonIcbs).hasSize(5);
        assertThat(me.path("home").asString()).isEqualTo("Y56");
        List<String> expected = new ArrayList<>(List.of("Y56"));
        expected.addAll(londonIcbs);
        assertThat(texts(me.path("areas"))).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldOpenOnEnglandWithEveryAreaWhenAnAdminAsksWhoItIs() {
        // when
        JsonNode me = http.get("/api/v1/me", Http.ADMIN).json();

        // then: England, 7 regions, 42 ICBs
        List<String> areas = texts(me.path("areas"));
        assertThat(me.path("home").asString()).isEqualTo("ENG");
        assertThat(areas).hasSize(50).startsWith("ENG");
        assertThat(areas.subList(1, 8)).allMatch(code -> directory.area(code).orElseThrow().kind() == AreaKind.REGION);
    }

    @Test
    void shouldGiveAPracticeCredentialNoAreaWhenItAsksWhoItIs() {
        // when
        JsonNode me = http.get("/api/v1/me", Http.PRACTICE_Z00001).json();

        // then
        assertThat(me.path("home").isNull()).isTrue();
        assertThat(me.path("areas").size()).isZero();
    }

    @Test
    void shouldForwardTheQueryAndTheCallersCredentialWhenFiringAlertsAreRead() {
        // given
        answerBody = "[{\"alertId\":\"a1\",\"rule\":\"icb_participation\",\"indicator\":\"participation_rate\",\"area\":\"QKK\","
                + "\"severity\":\"WARNING\",\"state\":\"FIRING\",\"value\":0.5,\"threshold\":0.5}]";

        // when
        Http.Response response = http.get("/api/v1/alerts?state=FIRING&area=QKK", Http.ICB_QKK);

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get(0).path("alertId").asString()).isEqualTo("a1");
        assertThat(response.json().get(0).path("value").asDouble()).isEqualTo(0.5);
        assertThat(SEEN).containsExactly(new Seen("GET", "/api/v1/alerts?state=FIRING&area=QKK", "Bearer " + Http.ICB_QKK));
    }

    @Test
    void shouldPassAlertsServicesRefusalBackWhenTheCallerMayNotReadTheArea() {
        // given
        answerStatus = 403;
        answerBody = "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"dev ICB QKK may not read the alerts of Y56\"}";

        // when
        Http.Response response = http.get("/api/v1/alerts?state=FIRING&area=Y56", Http.ICB_QKK);

        // then
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).isEqualTo("dev ICB QKK may not read the alerts of Y56");
    }

    @Test
    void shouldForwardTheRulesReadWithTheCallersCredential() {
        // given
        answerBody = "[{\"name\":\"icb_participation\",\"indicator\":\"participation_rate\",\"scope\":\"ICB\",\"warning\":0.5,\"critical\":1.0}]";

        // when
        Http.Response response = http.get("/api/v1/rules", Http.REGION_Y56);

        // then
        assertThat(response.json().get(0).path("critical").asDouble()).isEqualTo(1.0);
        assertThat(SEEN).containsExactly(new Seen("GET", "/api/v1/rules", "Bearer " + Http.REGION_Y56));
    }

    @Test
    void shouldForwardWithinWhenTheAlertsOfAnAreaAndTheAreasInsideItAreRead() {
        // given
        answerBody = "[]";

        // when
        Http.Response response = http.get("/api/v1/alerts?state=FIRING&within=Y56", Http.REGION_Y56);

        // then: alerts-service decides which areas are inside Y56, not the page nor this proxy
        assertThat(response.status()).isEqualTo(200);
        assertThat(SEEN).containsExactly(new Seen("GET", "/api/v1/alerts?state=FIRING&within=Y56", "Bearer " + Http.REGION_Y56));
    }

    @Test
    void shouldForwardTheAreaWhenTheRulesWatchingOneAreaAreRead() {
        // given
        answerBody = "[]";

        // when
        Http.Response response = http.get("/api/v1/rules?area=QKK", Http.ICB_QKK);

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(SEEN).containsExactly(new Seen("GET", "/api/v1/rules?area=QKK", "Bearer " + Http.ICB_QKK));
    }

    @Test
    void shouldNeverReachAlertsServiceWhenTheCallerHasNoCredential() {
        // when
        Http.Response response = http.get("/api/v1/alerts?state=FIRING", null);

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(SEEN).isEmpty();
    }

    @Test
    void shouldSayAlertsServiceDidNotAnswerWhenItIsUnreachable() throws IOException {
        // given: a port where nothing listens
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        AlertsProxyController proxy = new AlertsProxyController(new AlertsLink(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2)));

        // when
        ResponseEntity<?> answer = proxy.alerts("FIRING", "QKK", null, null, "Bearer " + Http.ICB_QKK);

        // then
        assertThat(answer.getStatusCode().value()).isEqualTo(502);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getTitle()).isEqualTo("Alerts service unreachable");
        assertThat(problem.getDetail()).startsWith("alerts-service at http://127.0.0.1:" + closed + " did not answer");
    }

    @Test
    void shouldServeThePageAndItsChartLibraryWithoutACredential() {
        // when
        Http.Response page = http.get("/", null, "text/html");
        Http.Response chart = http.get("/webjars/chart.js/dist/chart.umd.min.js", null, "*/*");

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>GP collective action: system impact for planners</title>");
        assertThat(chart.status()).isEqualTo(200);
        assertThat(chart.body()).contains("Chart.js v4");
    }

    @Test
    void shouldServeThePagesEsModulesAsJavaScriptWithoutACredential() {
        // when: the entry module the page loads (<script type="module">) and one it imports
        Http.Response page = http.get("/", null, "text/html");
        Http.Response entry = http.get("/planners.js", null, "*/*");
        Http.Response status = http.get("/status.js", null, "*/*");

        // then: browsers run a module only when it comes with a JavaScript MIME type
        assertThat(page.body()).contains("<script type=\"module\" src=\"planners.js\"></script>");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.contentType()).startsWith("text/javascript");
        assertThat(entry.body()).contains("from './session.js'");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.contentType()).startsWith("text/javascript");
        assertThat(status.body()).contains("export function rulesFor");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }
}
