package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.web.browser.HeadlessChromium;

/**
 * A planner's use of the page impact-streams serves, in headless Chromium at laptop size (1366×768), on the
 * running local stack with the four-practice {@link TinyDirectory} (P1 10,000 and P2 5,000 patients in QE1; P3
 * 6,000 in QOP, both North West Y62; P4 4,000 in QHM, Y63): drill down England → North West → QE1, read the
 * participation a notice gives and its alert status, then see a report posted through ingest-service change the
 * values on the page over the live stream, without a reload. Screenshots go to {@code target/screenshots/}.
 * Skipped (with the reason) where Chromium is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannersPageBrowserTest {

    static final String ADMIN = "planners-page-admin";
    static final String DAY = "2024-08-01";
    static final Path SCREENSHOTS = PageBrowserSupport.SCREENSHOTS;
    /** Generous: the machine may be busy; nothing here measures speed. */
    static final Duration WAIT = Duration.ofSeconds(45);

    PageBrowserSupport pages;
    HeadlessChromium browser;
    String page;
    String ingest;

    @BeforeAll
    void startStackAndBrowser(@TempDir Path dataDir) throws Exception {
        pages = PageBrowserSupport.start(dataDir, ADMIN, PageBrowserSupport.onTinyDirectory(dataDir, AlertTiming.FAST));
        browser = pages.browser();
        page = pages.plannersPage("127.0.0.1");
        ingest = pages.ingest();

        // P1 notifies that it stops Advice & Guidance from 1 August 2024, through ingest-service as a practice would
        pages.noticeThatP1StopsAdviceAndGuidance("planners-page-1");
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
    void shouldDrillDownToAnIcbAndShowAReportArrivingLiveWhenAPlannerWatchesIt() throws Exception {
        // given: signed in as admin, with the keyboard; the page opens on England
        signIn(ADMIN);
        browser.waitFor(heading() + ".startsWith('England')", WAIT);
        // participation on 1 August, by hand: England 1 of 4 practices = 25.0%; 10,000 of 25,000 patients = 40.0%
        awaitParticipation("1", "25.0%", "40.0%");

        // when: the North West region is chosen
        choose("region", "Y62");
        browser.waitFor(heading() + " === 'North West (Y62)'", WAIT);

        // then: 1 of 3 practices = 33.3%; 10,000 of 21,000 = 47.6%
        awaitParticipation("1", "33.3%", "47.6%");

        // when: and then its ICB QE1
        choose("icb", "QE1");
        browser.waitFor(heading() + " === 'NHS Lancashire and South Cumbria Integrated Care Board (QE1)'", WAIT);

        // then: 1 of 2 practices = 50.0%; 10,000 of 15,000 = 66.7%; the raw numbers behind the text are exact
        awaitParticipation("1", "50.0%", "66.7%");
        assertThat(browser.evaluate(participation("rate") + ".dataset.value").asString()).isEqualTo("0.5");
        assertThat(Double.parseDouble(browser.evaluate(participation("covered") + ".dataset.value").asString()))
                .isCloseTo(10_000.0 / 15_000, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(browser.evaluate("document.getElementById('breadcrumb').innerText.replace(/\\s+/g, ' ')").asString())
                .isEqualTo("England North West Lancashire and South Cumbria");
        // 0.5 reaches icb_participation's warning (0.5) and 0.667 icb_patients_covered's (0.5), neither the worst case (1.0, 0.8)
        browser.waitFor(participation("status") + "?.textContent === 'WARNING'", WAIT);
        browser.waitFor("document.querySelectorAll('#alerts li.alert-warning').length >= 1", WAIT);
        assertThat(browser.evaluate("document.getElementById('alerts').innerText").asString())
                .contains("Share of practices taking the action · Stop Advice & Guidance")
                .contains("Lancashire and South Cumbria (QE1): 50.0% against 50.0% on 2024-08-01");
        browser.waitFor("document.getElementById('live').textContent === 'Live updates: connected'", WAIT);
        assertThat(headline("reporting_completeness")).isIn("no value", "0.0%");
        browser.screenshot(SCREENSHOTS.resolve("planners-page-qe1.png"));

        // when: P1's report for 1 August goes in through ingest-service while the page stays open
        browser.evaluate("window.stillTheSamePage = true");
        HttpResponse<String> report = WalkingSkeletonScenario.post(ingest + "/api/v1/activity", "dev-practice-P00001", """
                {"practiceCode":"P00001","day":"2024-08-01","clinicianSessions":10,"patientContacts":240,"cappedSessions":4,
                 "urgentCareDiversions":7,"agRequests":0,"referrals":12,"onlineRequests":55}""");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);

        // then, by hand: 1 of QE1's 2 practices reported = 50.0%; over the 7-day window only P1's one day counts:
        // 240 contacts / 10 sessions = 24.0; 4 capped of 10 = 40.0%; 1000 · 7 / 10,000 patients = 0.70 per 1,000
        browser.waitFor(headlineCell("reporting_completeness") + "?.textContent === '50.0%'", WAIT);
        browser.waitFor(headlineCell("contacts_per_session") + "?.textContent === '24.0'", WAIT);
        browser.waitFor(headlineCell("capped_session_share") + "?.textContent === '40.0%'", WAIT);
        browser.waitFor(headlineCell("urgent_care_diversions_rate") + "?.textContent === '0.70 per 1,000'", WAIT);
        assertThat(browser.evaluate("window.stillTheSamePage === true").asBoolean()).as("the page was not reloaded").isTrue();
        assertThat(browser.evaluate("document.querySelector('#headline tr[data-indicator=\"contacts_per_session\"] td.basis').textContent")
                .asString()).isEqualTo("1 practice, 1 practice-day, 50.0% reported that day");
        // and screen readers hear of it once, in the live region
        browser.waitFor("document.getElementById('updates').textContent.startsWith('Updated at ')", WAIT);
        browser.waitFor("document.querySelector('#charts figure[data-indicator=\"contacts_per_session\"] canvas') !== null", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("planners-page-live-update.png"));
        assertThat(Files.size(SCREENSHOTS.resolve("planners-page-live-update.png"))).isPositive();
    }

    @Test
    void shouldOpenOnItsOwnIcbWhenAnIcbCredentialAsksForAnotherArea() {
        // given: a link to the North West region, opened with QE1's credential
        browser.navigate(page + "#area=Y62");

        // when
        signIn("dev-icb-QE1");

        // then: QE1, the one area it may read, and no way to choose another
        browser.waitFor(heading() + " === 'NHS Lancashire and South Cumbria Integrated Care Board (QE1)'", WAIT);
        // (the page opens on the latest settled day: before any report the notice's first day, after the other
        // test's report for 1 August the day H − L before it; the notice's day is chosen either way)
        chooseTheNoticesDay();
        awaitParticipation("1", "50.0%", "66.7%");
        assertThat(browser.evaluate("document.getElementById('region').disabled && document.getElementById('icb').disabled").asBoolean())
                .isTrue();
        assertThat(browser.evaluate("document.getElementById('who').textContent").asString()).isEqualTo("Signed in as dev ICB QE1 (ICB planner).");
    }

    @Test
    void shouldRefuseAnUnknownCredentialWithAClearMessageWhenSigningIn() {
        // when
        signIn("not-a-credential");

        // then
        assertThat(pages.awaitError(WAIT))
                .isEqualTo("Please sign in again: the credential was not accepted.");
        assertThat(pages.workHidden()).isTrue();
    }

    private void signIn(String token) {
        pages.signInWithToken(token);
    }

    /** Chooses an option as a keyboard user would end up doing, and lets the page hear the change. */
    private void choose(String select, String value) {
        browser.waitFor("Array.from(document.getElementById('" + select + "').options).some(o => o.value === '" + value + "')", WAIT);
        browser.evaluate("(() => { const s = document.getElementById('" + select + "'); s.focus(); s.value = '" + value + "';"
                + " s.dispatchEvent(new Event('change')); })()");
    }

    /** Chooses 1 August 2024 (DAY) in the day field, as a planner would, and waits for the page to show it. */
    private void chooseTheNoticesDay() {
        browser.waitFor("document.getElementById('day').value !== ''", WAIT);
        browser.evaluate("(() => { const d = document.getElementById('day'); d.value = '" + DAY + "'; d.dispatchEvent(new Event('change')); })()");
        browser.waitFor("document.querySelector('.shown-day').textContent === 'Thu 1 Aug 2024'", WAIT);
    }

    private void awaitParticipation(String practices, String rate, String covered) {
        browser.waitFor(participation("participating") + "?.textContent === '" + practices + "' && "
                + participation("rate") + "?.textContent === '" + rate + "' && "
                + participation("covered") + "?.textContent === '" + covered + "'", WAIT);
    }

    private static String heading() {
        return "document.getElementById('area-heading').textContent";
    }

    private static String participation(String column) {
        String row = "document.querySelector('#participation tr[data-action=\"STOP_ADVICE_AND_GUIDANCE\"]')";
        return column.equals("status") ? row + "?.querySelector('.status')" : row + "?.querySelector('td." + column + "')";
    }

    /** The value as read (with its interval, where it has one), without the "provisional" tag beside it. */
    private static String headlineCell(String indicator) {
        return "document.querySelector('#headline tr[data-indicator=\"" + indicator + "\"] td.value .reading')";
    }

    private String headline(String indicator) {
        return browser.evaluate(headlineCell(indicator) + ".textContent").asString();
    }
}
