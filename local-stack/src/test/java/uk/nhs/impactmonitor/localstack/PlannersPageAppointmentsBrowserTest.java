package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.web.browser.HeadlessChromium;

/**
 * The planners' page's "Appointments (NHS England data)" section, in headless Chromium (1366×768) on the running
 * local stack with the synthetic directory, fed a small appointments file in NHS England's published format
 * through ingest-service ({@code POST /api/v1/appointments}).
 *
 * <p>The file (numbers worked out by hand from indicators.md, "The GP appointments feed" and "Change against
 * baseline"): QRL (Hampshire and Isle of Wight, region Y59) has two synthetic sub-ICBs, QRL-1 and QRL-2. Every day
 * from 1 July to 30 August 2024 except the bank holiday Monday 26 August (the publication has no rows for it) each
 * has a GP row and a Nurses row: QRL-1 100 GP and 50 Nurses appointments until 31 July, 80 and 50 from 1 August;
 * QRL-2 60 and 40 throughout. Baseline B = 1–28 July 2024.
 *
 * <p>With both sub-ICBs present on every day of the window and of B, and each one's counts the same on every day
 * type, the lists cancel: E = Σ_s (days of W) · baseline a(s), and each sub-ICB's influence is
 * z_s = (o_s − R·e_s)/E. For 30 August (W = 24–30 August, six days with rows, all after 1 August):
 * GP: O = 6·140 = 840, E = 6·160 = 960, change = −0.125; z = ∓(6·80 − 0.875·600)/960 = ∓45/960 = ∓0.046875,
 * n = 2, se = sqrt(2 · 2 · 0.046875²) = 0.09375, interval −0.125 ± 1.959964·0.09375 = −0.308747 … 0.058747.
 * All: O = 6·230, E = 6·250, change = −0.08; z = ∓(6·130 − 0.92·900)/1500 = ∓0.032, se = 0.064, interval
 * −0.08 ± 0.125438 = −0.205438 … 0.045438. Totals on 30 August: all 130 + 100 = 230, GP 80 + 60 = 140. The feed's
 * horizon is 30 August. The rate per 1,000 patients per working day over W's working days (27–30 August) is
 * 1000 · 140 / (list(QRL-1) + list(QRL-2)), the lists being the synthetic directory's.
 *
 * <p>Needs impact-streams' appointments feed (issue 15: {@code GET /api/v1/areas/{area}/appointments},
 * {@code appointments_change}, {@code appointments_rate}, {@code appointmentsHorizon} in {@code GET /api/v1/horizon});
 * on a server without it this test fails waiting for the indicator. Skipped (with the reason) where Chromium is
 * not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannersPageAppointmentsBrowserTest {

    static final String ADMIN = "planners-page-appointments-admin";
    static final String ICB = "QRL";
    static final String ICB_TOKEN = "planner-QRL-appointments-browser-test";
    /** SHA-256 (hex) of {@link #ICB_TOKEN}, as a deployment configures it. */
    static final String ICB_TOKEN_SHA256 = "bc27a83e35fc21856b0e71394ad26b8ee397faf779a671754fa47ba91f214724";
    static final LocalDate FIRST = LocalDate.parse("2024-07-01");
    static final LocalDate FALL = LocalDate.parse("2024-08-01");
    static final LocalDate BANK_HOLIDAY = LocalDate.parse("2024-08-26");
    static final LocalDate HORIZON = LocalDate.parse("2024-08-30");
    static final double Z = 1.959963984540054;
    static final Path SCREENSHOTS = PageBrowserSupport.SCREENSHOTS;
    /** Generous: the machine may be busy; nothing here measures speed. */
    static final Duration WAIT = Duration.ofSeconds(90);
    static final DateTimeFormatter PUBLISHED = DateTimeFormatter.ofPattern("ddMMMyyyy", Locale.ENGLISH);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    PageBrowserSupport pages;
    HeadlessChromium browser;
    String page;
    String ingest;
    String streams;

    @BeforeAll
    void startStackAndLoadTheFile(@TempDir Path dataDir) throws Exception {
        pages = PageBrowserSupport.start(dataDir, ADMIN, List.of(
                // the development credentials cover the directory's first ICB (QKK) only: QRL's planners get one of their own
                "--monitor.security.credentials[0].name=QRL planners", "--monitor.security.credentials[0].role=ICB",
                "--monitor.security.credentials[0].scope=" + ICB, "--monitor.security.credentials[0].token-sha256=" + ICB_TOKEN_SHA256,
                "--monitor.baseline.from=2024-07-01",
                "--monitor.baseline.to=2024-07-28",
                "--monitor.alerts.group-wait=0s", "--monitor.alerts.tick-interval=50ms"));
        browser = pages.browser();
        page = pages.plannersPage("127.0.0.1");
        ingest = pages.ingest();
        streams = pages.streams();

        // 61 days less the bank holiday, two sub-ICBs, two role groups each
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(ingest + "/api/v1/appointments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(file())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(WalkingSkeletonScenario.json(accepted.body()).get("accepted").asInt()).as(accepted.body()).isEqualTo(60 * 2 * 2);
        awaitGpChange(HORIZON, -0.125);

    }

    @AfterAll
    void stop() {
        PageBrowserSupport.close(pages);
    }

    @BeforeEach
    void openThePageSignedOut() {
        pages.openSignedOut(page);
    }

    /** NHS England's columns and date format, the rows of QRL-1 and QRL-2 as described above. */
    private static String file() {
        StringBuilder csv = new StringBuilder("SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_ONS_CODE,SUB_ICB_LOCATION_NAME,ICB_ONS_CODE,"
                + "REGION_ONS_CODE,Appointment_Date,SDS_ROLE_GROUP,COUNT_OF_APPOINTMENTS\r\n");
        for (LocalDate day = FIRST; !day.isAfter(HORIZON); day = day.plusDays(1)) {
            if (day.equals(BANK_HOLIDAY)) {
                continue;
            }
            String date = day.format(PUBLISHED).toUpperCase(Locale.ENGLISH);
            boolean fallen = !day.isBefore(FALL);
            csv.append(row("QRL-1", date, "GP", fallen ? 80 : 100)).append(row("QRL-1", date, "Nurses", 50));
            csv.append(row("QRL-2", date, "GP", 60)).append(row("QRL-2", date, "Nurses", 40));
        }
        return csv.toString();
    }

    private static String row(String subIcb, String date, String role, int count) {
        return subIcb + ",E38000000,\"NHS Hampshire and Isle of Wight ICB - " + subIcb + "\",E54000000,E40000000," + date + "," + role + ","
                + count + "\r\n";
    }

    @Test
    void shouldShowTotalsHorizonAndChangeWithItsIntervalWhenAnIcbPlannerSignsIn() throws Exception {
        // when
        signIn(ICB_TOKEN);

        // then: the feed's horizon in words, and the latest published day's totals
        browser.waitFor("document.getElementById('appointments-horizon').textContent.includes('published data up to')", WAIT);
        assertThat(text("document.getElementById('appointments-horizon')")).startsWith("NHS England's published data up to Fri 30 Aug 2024.");
        assertThat(browser.evaluate("document.getElementById('appointments-none').hidden").asBoolean()).isTrue();
        assertThat(text("document.querySelector('#appointments-latest thead .appointments-day')")).isEqualTo("Fri 30 Aug 2024");
        assertThat(text(appointmentsRow("all") + ".querySelector('td.total')")).isEqualTo("230");
        assertThat(text(appointmentsRow("gp") + ".querySelector('td.total')")).isEqualTo("140");

        // and: the change against baseline with its 95% interval (worked out above)
        browser.waitFor(appointmentsRow("gp") + "?.querySelector('td.change .reading')?.textContent === '\u221212.5% (\u221230.9 to +5.9)'", WAIT);
        assertThat(text(appointmentsRow("all") + ".querySelector('td.change .reading')")).isEqualTo("\u22128.0% (\u221220.5 to +4.5)");
        assertThat(data("gp", "change", "value")).isCloseTo(-0.125, within(1e-9));
        assertThat(data("gp", "change", "low")).isCloseTo(-0.125 - Z * 0.09375, within(1e-9));
        assertThat(data("gp", "change", "high")).isCloseTo(-0.125 + Z * 0.09375, within(1e-9));
        assertThat(data("all", "change", "low")).isCloseTo(-0.08 - Z * 0.064, within(1e-9));
        assertThat(data("all", "change", "high")).isCloseTo(-0.08 + Z * 0.064, within(1e-9));

        // and: GP appointments per 1,000 patients per working day, over the synthetic lists of QRL-1 and QRL-2
        long lists = SyntheticDirectory.build().practices().stream().filter(p -> p.subIcbCode().equals("QRL-1") || p.subIcbCode().equals("QRL-2"))
                .mapToLong(Practice::listSize).sum();
        assertThat(data("gp", "rate", "value")).isCloseTo(1000.0 * 140 / lists, within(1e-9));

        // and: the shipped GP rule's thresholds, and its alert once three days are under -10%
        assertThat(text(appointmentsRow("gp") + ".querySelector('td.thresholds')")).isEqualTo("\u2264 \u221210.0% / \u2264 \u221225.0% for 3 days");
        browser.waitFor(appointmentsRow("gp") + "?.querySelector('td.status-cell .status')?.textContent === 'WARNING'", WAIT);

        // and: the charts, the bank holiday marked in the change's table (no totals published for it) and the band drawn
        browser.waitFor(appointmentsChart("appointments-change") + "?.dataset.bankHolidays === '2024-08-26'", WAIT);
        assertThat(text(appointmentsChart("appointments-change") + ".querySelector('tr[data-day=\"2024-08-26\"] th')"))
                .isEqualTo("2024-08-26 Mon bank holiday");
        assertThat(browser.evaluate(appointmentsChart("appointments-totals") + ".querySelector('tr[data-day=\"2024-08-26\"]') === null").asBoolean())
                .isTrue();
        // a row's cells one by one (a row's own textContent runs its cells together)
        assertThat(browser.evaluate("Array.from(" + appointmentsChart("appointments-totals") + ".querySelector('tr[data-day=\"2024-08-30\"]').cells)"
                + ".map(c => c.textContent.replace(/\\s+/g, ' ').trim()).join(' | ')").asString())
                .isEqualTo("2024-08-30 Fri | 230 | 140");
        assertThat(browser.evaluate("Chart.getChart(" + appointmentsChart("appointments-change") + ".querySelector('canvas')).data.datasets"
                + ".filter(d => d.band).map(d => d.label).join('; ')").asString())
                .isEqualTo("All appointments: lower bound; All appointments: 95% interval; GP appointments: lower bound; GP appointments: 95% interval");
        browser.screenshot(SCREENSHOTS.resolve("planners-page-appointments.png"));
    }

    @Test
    void shouldSayNoPublishedDataIsLoadedWhenTheAreaHasNone() {
        // when: South East London, whose sub-ICB the file does not name
        signIn("dev-icb-QKK");

        // then
        browser.waitFor("!document.getElementById('appointments-none').hidden", WAIT);
        assertThat(text("document.getElementById('appointments-none')")).startsWith("No published appointments data loaded for South East London");
        assertThat(browser.evaluate("document.getElementById('appointments-body').hidden").asBoolean()).isTrue();
    }

    /** Waits until QRL's appointments_change{gp} of the day reads the expected value through the API. */
    private void awaitGpChange(LocalDate day, double expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = WalkingSkeletonScenario.get(streams + "/api/v1/areas/" + ICB + "/indicators/appointments_change?from="
                    + day + "&to=" + day + "&metric=gp", ADMIN);
            last = answer.body();
            if (answer.statusCode() == 200) {
                for (JsonNode each : WalkingSkeletonScenario.json(answer.body())) {
                    JsonNode value = each.get("value");
                    if (value != null && value.isNumber() && Math.abs(value.asDouble() - expected) < 1e-9) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(ICB + "'s appointments_change{gp} on " + day + " never read " + expected + "; last answer: " + last);
    }

    private void signIn(String token) {
        pages.signInWithToken(token);
    }

    private String text(String element) {
        return browser.evaluate(element + ".textContent.replace(/\\s+/g, ' ').trim()").asString();
    }

    private double data(String metric, String column, String field) {
        return Double.parseDouble(browser.evaluate(appointmentsRow(metric) + ".querySelector('td." + column + "').dataset." + field).asString());
    }

    private static String appointmentsRow(String metric) {
        return "document.querySelector('#appointments-latest tr[data-metric=\"" + metric + "\"]')";
    }

    private static String appointmentsChart(String kind) {
        return "document.querySelector('#appointments-charts figure[data-chart=\"" + kind + "\"]')";
    }
}
