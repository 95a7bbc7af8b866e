package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.web.browser.HeadlessChromium;

/**
 * What the planners' page says about settled and provisional days, intervals and thresholds not yet alerted, in
 * headless Chromium (1366×768) on the running local stack with the four-practice {@link TinyDirectory} and a
 * small deterministic scenario sent through ingest-service's batch API.
 *
 * <p>The scenario (all numbers below are worked out by hand from indicators.md version 2): baseline B = 1–28 July
 * 2024. QE1's two practices report every day from 1 July to 30 August 2024: P1 (10,000 patients) 20 A&G
 * requests a day and P2 (5,000) 10, until 22 August; from Friday 23 August P1 sends 8 and P2 5. Referrals (20, 10)
 * and online requests (20, 10) never change. P3 and P4 never report. So H = 30 August, L = 3, the latest settled
 * day is Tuesday 27 August, and 28–30 August are provisional. Monday 26 August is a bank holiday.
 *
 * <p>Every day type of B has U(t)/V(t) = 30/15,000, and every practice's baseline is proportional to its list, so
 * for a window of 7 fully reported days of which k fall on or after 23 August: O = 210 − 17k, E = 210,
 * {@code ag_dropoff} = 17k/210; each practice's influence is z = (o_i − R·e_i)/E with e = 140 and 70, which gives
 * z_P1 = −2k/630 = −z_P2, so se = sqrt(2·2·z²) = 2k/315 (n = 2). A bank holiday in the window is a Sunday, whose
 * baseline rate is the same, so it changes nothing.
 *
 * <p>Rules (replacing the shipped ones, so nothing else fires): ICB {@code ag_dropoff} warning 0.3, worst case 0.6,
 * for 3 days, judging the value; region {@code ag_dropoff} the same, judging the interval's lower bound.
 *
 * <p>Needs impact-streams' {@code GET /api/v1/horizon} and {@code /api/v1/calendar}, {@code low}, {@code high}
 * and {@code provisional} computed to version 2, and alerts-service judging settled days only (issue 14); on a
 * server without them the page falls back (no bank-holiday marks, no provisional days) and this test fails.
 * Skipped (with the reason) where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannersPageSettledDaysBrowserTest {

    static final String ADMIN = "planners-page-settled-admin";
    static final LocalDate FIRST = LocalDate.parse("2024-07-01");
    static final LocalDate FALL = LocalDate.parse("2024-08-23");
    static final LocalDate HORIZON = LocalDate.parse("2024-08-30");
    static final String SETTLED = "2024-08-27";
    static final String FIRST_PROVISIONAL = "2024-08-28";
    static final double Z = 1.959963984540054;
    static final Path SCREENSHOTS = PageBrowserSupport.SCREENSHOTS;
    /** Generous: the machine may be busy; nothing here measures speed. */
    static final Duration WAIT = Duration.ofSeconds(60);

    PageBrowserSupport pages;
    HeadlessChromium browser;
    String page;
    String ingest;
    String streams;

    @BeforeAll
    void startStackAndFeedTheScenario(@TempDir Path dataDir) throws Exception {
        List<String> more = new ArrayList<>(List.of("--monitor.baseline.from=2024-07-01", "--monitor.baseline.to=2024-07-28",
                "--monitor.indicators.reporting-lag-days=3"));
        more.addAll(rule(0, "test_icb_ag_dropoff", "ICB", "value"));
        more.addAll(rule(1, "test_region_ag_dropoff_confident", "REGION", "low"));
        more.addAll(AlertTiming.FAST);
        pages = PageBrowserSupport.start(dataDir, ADMIN, PageBrowserSupport.onTinyDirectory(dataDir, more));
        browser = pages.browser();
        page = pages.plannersPage("127.0.0.1");
        ingest = pages.ingest();
        streams = pages.streams();

        // two batches: the calm weeks first, and only once they are in, the fall. Reports of one batch may be
        // read out of order; a window missing calm days would read the fall as steeper than it is, for a moment
        send(FIRST, FALL.minusDays(1));
        awaitAgDropoff(FALL.minusDays(1), 0.0);
        send(FALL, HORIZON);
        // 30 August: k = 7, 17·7/210; 27 August: k = 5, 85/210
        awaitAgDropoff(HORIZON, 119.0 / 210);
        awaitAgDropoff(LocalDate.parse(SETTLED), 85.0 / 210);

    }

    @AfterAll
    void stop() {
        PageBrowserSupport.close(pages);
    }

    @BeforeEach
    void openThePageSignedOut() {
        pages.openSignedOut(page);
    }

    @Test
    void shouldOpenOnTheLatestSettledDayWithTheIntervalAndDaysOverTheThresholdWhenAnIcbPlannerSignsIn() throws Exception {
        // when
        signIn("dev-icb-QE1");

        // then: the latest settled day, H − L = 30 − 3 = 27 August, not the horizon
        browser.waitFor(heading() + " === 'NHS Lancashire and South Cumbria Integrated Care Board (QE1)'", WAIT);
        browser.waitFor("document.getElementById('day').value === '" + SETTLED + "'", WAIT);
        assertThat(browser.evaluate("document.getElementById('follow-latest').checked").asBoolean()).isTrue();
        browser.waitFor("document.getElementById('day-state').dataset.state === 'settled'", WAIT);
        assertThat(text("document.getElementById('day-tag')")).isEqualTo("settled");
        assertThat(text("document.getElementById('day-state')"))
                .startsWith("Settled day. Reports for this day's 7-day window are in (the latest reports are for Fri 30 Aug 2024).")
                .contains("Newer days are provisional: Wed 28 Aug 2024, Thu 29 Aug 2024, Fri 30 Aug 2024.");

        // and: k = 5: 85/210 = 0.404762, se = 10/315 = 0.031746, ± 1.959964·se = ± 0.062221 → 0.342541 … 0.466983
        double dropoff = 85.0 / 210;
        double halfWidth = Z * 10.0 / 315;
        browser.waitFor(reading("ag_dropoff") + " === '40.5% (34.3\u201346.7)'", WAIT);
        assertThat(Double.parseDouble(cellData("ag_dropoff", "value"))).isCloseTo(dropoff, within(1e-9));
        assertThat(Double.parseDouble(cellData("ag_dropoff", "low"))).isCloseTo(dropoff - halfWidth, within(1e-9));
        assertThat(Double.parseDouble(cellData("ag_dropoff", "high"))).isCloseTo(dropoff + halfWidth, within(1e-9));
        // referrals never changed: 0 with a zero-width interval (every practice's influence is 0)
        assertThat(text(readingCell("referral_change"))).isEqualTo("0.0% (0.0 to 0.0)");
        // a ratio without an interval in indicators.md: completeness on Tuesday 27 August, 2 of 2 practices
        assertThat(text(readingCell("reporting_completeness"))).isEqualTo("100.0%");
        assertThat(browser.evaluate(row("ag_dropoff") + ".classList.contains('provisional')").asBoolean()).isFalse();

        // and: over the warning (0.3) on 26 August (k = 4: 68/210 = 0.3238) and 27 August, not on 25 August
        // (k = 3: 51/210 = 0.2429): day 2 of the rule's 3, and no alert, never "OK"
        browser.waitFor(status("ag_dropoff") + " === 'over warning, day 2 of 3'", WAIT);
        browser.waitFor("document.getElementById('alerts-state').textContent === 'None firing in Lancashire and South Cumbria.'", WAIT);

        // and: the charts mark the provisional days and the bank holiday, and draw the interval as a band
        browser.waitFor(chart("ag_dropoff") + "?.dataset.provisionalDays === '2024-08-28 2024-08-29 2024-08-30'", WAIT);
        assertThat(text(chart("ag_dropoff") + ".querySelector('tr[data-day=\"2024-08-26\"] th')")).isEqualTo("2024-08-26 Mon bank holiday");
        assertThat(text(chart("ag_dropoff") + ".querySelector('tr[data-day=\"2024-08-24\"] th')")).isEqualTo("2024-08-24 Sat weekend");
        assertThat(browser.evaluate("Chart.getChart(" + chart("ag_dropoff") + ".querySelector('canvas')).data.datasets"
                + ".filter(d => d.band).map(d => d.label).join('; ')").asString())
                .isEqualTo("Advice & Guidance drop-off: lower bound; Advice & Guidance drop-off: 95% interval");
        browser.screenshot(SCREENSHOTS.resolve("planners-page-settled-day.png"));

        // when: the planner steps forward to the first provisional day
        browser.evaluate("document.getElementById('day-forward').click()");

        // then: k = 6: 102/210 = 0.485714, se = 12/315, ± 0.074665 → 0.411049 … 0.560380, marked and explained
        browser.waitFor("document.getElementById('day').value === '" + FIRST_PROVISIONAL + "'", WAIT);
        browser.waitFor(reading("ag_dropoff") + " === '48.6% (41.1\u201356.0)'", WAIT);
        assertThat(browser.evaluate(row("ag_dropoff") + ".classList.contains('provisional')").asBoolean()).isTrue();
        assertThat(text(row("ag_dropoff") + ".querySelector('td.value .tag-provisional')")).isEqualTo("provisional");
        assertThat(text("document.getElementById('day-tag')")).isEqualTo("provisional");
        assertThat(text("document.getElementById('day-state')")).startsWith("Provisional day. Reports for this day's 7-day window are still"
                + " arriving; it settles on Sat 31 Aug 2024, once reports for that day are in.");
        assertThat(browser.evaluate("document.getElementById('follow-latest').checked").asBoolean()).isFalse();
        // over the warning, but a provisional day is not judged by a rule that does not include provisional days
        assertThat(text(statusCell("ag_dropoff") + ".querySelector('.status')")).isEqualTo("over warning, provisional");
        assertThat(text(statusCell("ag_dropoff") + ".querySelector('.status-note')")).isEqualTo("not judged until the day settles");
        browser.screenshot(SCREENSHOTS.resolve("planners-page-provisional-day.png"));

        // when: and back to the latest settled day
        browser.evaluate("document.querySelector('#day-state button[data-day=\"" + SETTLED + "\"]').click()");

        // then
        browser.waitFor("document.getElementById('day').value === '" + SETTLED + "'", WAIT);
        browser.waitFor(reading("ag_dropoff") + " === '40.5% (34.3\u201346.7)'", WAIT);
        assertThat(browser.evaluate("document.getElementById('follow-latest').checked").asBoolean()).isTrue();
    }

    @Test
    void shouldCountTheDaysOnTheLowerBoundWhenTheRegionsRuleJudgesIt() {
        // when
        signIn("dev-region-Y62");

        // then: North West holds QE1's two reporting practices and P3, which never reports, so its numbers are
        // QE1's. The lower bound on 26 August, 0.323810 − 1.959964·8/315 = 0.274033, is under 0.3; on 27 August
        // it is 0.342541: day 1 of 3, although the value itself is over on both days
        browser.waitFor(heading() + " === 'North West (Y62)'", WAIT);
        browser.waitFor("document.getElementById('day').value === '" + SETTLED + "'", WAIT);
        browser.waitFor(reading("ag_dropoff") + " === '40.5% (34.3\u201346.7)'", WAIT);
        browser.waitFor(status("ag_dropoff") + " === 'over warning, day 1 of 3'", WAIT);
        assertThat(text(statusCell("ag_dropoff") + ".querySelector('.status-note')"))
                .isEqualTo("judged on the lower bound of the 95% interval, 34.3%");
        assertThat(text(row("ag_dropoff") + ".querySelector('td.thresholds')"))
                .isEqualTo("\u2265 30.0% / \u2265 60.0% for 3 days, judged on the lower bound of the 95% interval");
    }

    private static List<String> rule(int index, String name, String scope, String judge) {
        String at = "--monitor.alerts.rules[" + index + "].";
        return List.of(at + "name=" + name, at + "rationale=" + name + " (test)", at + "indicator=ag_dropoff", at + "scope=" + scope,
                at + "direction=ABOVE", at + "warning=0.3", at + "critical=0.6", at + "for-days=3", at + "judge=" + judge);
    }

    /** QE1's reports of these days, both practices, as one JSON batch through ingest-service. */
    private void send(LocalDate from, LocalDate to) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        int reports = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            boolean fallen = !day.isBefore(FALL);
            batch.append(reports == 0 ? "" : ",").append(report("P00001", day, 10, fallen ? 8 : 20, 20));
            batch.append(",").append(report("P00002", day, 5, fallen ? 5 : 10, 10));
            reports += 2;
        }
        batch.append("]");
        HttpResponse<String> accepted = WalkingSkeletonScenario.post(ingest + "/api/v1/activity/batch", ADMIN, batch.toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(WalkingSkeletonScenario.json(accepted.body()).get("accepted").asInt()).as(accepted.body()).isEqualTo(reports);
    }

    private static String report(String practice, LocalDate day, int sessions, int agRequests, int perDay) {
        return "{\"practiceCode\":\"" + practice + "\",\"day\":\"" + day + "\",\"clinicianSessions\":" + sessions
                + ",\"patientContacts\":" + sessions * 20 + ",\"cappedSessions\":0,\"urgentCareDiversions\":0,\"agRequests\":" + agRequests
                + ",\"referrals\":" + perDay + ",\"onlineRequests\":" + perDay + "}";
    }

    /** Waits until QE1's ag_dropoff of the day reads the expected value through the API. */
    private void awaitAgDropoff(LocalDate day, double expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = WalkingSkeletonScenario.get(streams + "/api/v1/areas/QE1/indicators/ag_dropoff?from=" + day
                    + "&to=" + day, ADMIN);
            last = answer.body();
            if (answer.statusCode() == 200) {
                Optional<JsonNode> value = Optional.empty();
                for (JsonNode each : WalkingSkeletonScenario.json(answer.body())) {
                    value = Optional.of(each.get("value"));
                }
                if (value.isPresent() && value.get().isNumber() && Math.abs(value.get().asDouble() - expected) < 1e-9) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("QE1's ag_dropoff on " + day + " never read " + expected + "; last answer: " + last);
    }

    private void signIn(String token) {
        pages.signInWithToken(token);
    }

    private String text(String element) {
        return browser.evaluate(element + ".textContent.replace(/\\s+/g, ' ').trim()").asString();
    }

    private String cellData(String indicator, String field) {
        return browser.evaluate(row(indicator) + ".querySelector('td.value').dataset." + field).asString();
    }

    private static String heading() {
        return "document.getElementById('area-heading').textContent";
    }

    private static String row(String indicator) {
        return "document.querySelector('#headline tr[data-indicator=\"" + indicator + "\"]')";
    }

    private static String readingCell(String indicator) {
        return row(indicator) + ".querySelector('td.value .reading')";
    }

    private static String reading(String indicator) {
        return row(indicator) + "?.querySelector('td.value .reading')?.textContent";
    }

    private static String statusCell(String indicator) {
        return row(indicator) + ".querySelector('td.status-cell')";
    }

    private static String status(String indicator) {
        return row(indicator) + "?.querySelector('td.status-cell .status')?.textContent";
    }

    private static String chart(String indicator) {
        return "document.querySelector('#charts figure[data-indicator=\"" + indicator + "\"]')";
    }
}
