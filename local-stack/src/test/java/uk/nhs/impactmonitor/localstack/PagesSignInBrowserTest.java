package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.impactmonitor.localstack.PageBrowserSupport.SCREENSHOTS;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.impactmonitor.web.browser.HeadlessChromium;

/**
 * Signing in on both pages through the local stack's in-process OAuth2 / OpenID Connect server (Spring Authorization
 * Server), in headless Chromium, as a person would: "Sign in with your organisation", the provider's login form filled
 * in as a development user (named like the development credentials, password {@code dev-password}), back on the page
 * signed in (authorization code with PKCE; the page exchanges the code at the token endpoint with fetch, which the
 * provider allows by CORS for the pages' origins only). On the {@link TinyDirectory} with one notice: P1 (QE1, 10,000
 * of QE1's 15,000 patients) stops Advice &amp; Guidance from 1 August 2024. Refused: a wrong password stays on the
 * login form; an answer whose {@code state} this tab did not send is refused in words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesSignInBrowserTest {

    static final String ADMIN = "pages-sign-in-admin";
    /** Generous: the machine may be busy; nothing here measures speed. */
    static final Duration WAIT = Duration.ofSeconds(60);

    PageBrowserSupport pages;
    HeadlessChromium browser;
    String plannersPage;
    String practicePage;
    String authorizationServer;

    @BeforeAll
    void startStackAndBrowser(@TempDir Path dataDir) throws Exception {
        pages = PageBrowserSupport.start(dataDir, ADMIN, PageBrowserSupport.onTinyDirectory(dataDir, AlertTiming.FAST));
        browser = pages.browser();
        // the pages' addresses as the local stack prints them (localhost): the redirect URIs registered for them
        plannersPage = pages.plannersPage("localhost");
        practicePage = pages.practicePage("localhost");
        authorizationServer = pages.stack().authorizationServer().issuer();

        pages.noticeThatP1StopsAdviceAndGuidance("sign-in-1");
    }

    @AfterAll
    void stop() {
        PageBrowserSupport.close(pages);
    }

    @BeforeEach
    void signedOutEverywhere() {
        // the provider's own session too: each test signs in at its login form
        browser.call("Network.enable", java.util.Map.of());
        browser.call("Network.clearBrowserCookies", java.util.Map.of());
    }

    @Test
    void shouldSignAnIcbPlannerInThroughTheOrganisationsSignInPageAndShowTheIcbsIndicators() throws Exception {
        // given
        pages.openSignedOut(plannersPage);
        browser.waitFor("document.getElementById('idp-sign-in').hidden === false", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("planners-page-sign-in-choices.png"));

        // when: the button, then the provider's login form as the development user of QE1
        startSignIn();
        browser.screenshot(SCREENSHOTS.resolve("authorization-server-login-form.png"));
        fillLoginForm("dev-icb-QE1", "dev-password");

        // then: back on the page, signed in as QE1's planner, with the code and state gone from the address bar
        pages.waitAcrossPages("location.href.startsWith('" + plannersPage + "') && document.getElementById('who')?.textContent === "
                + "'Signed in as dev ICB QE1 (ICB planner).'", WAIT);
        assertThat(browser.evaluate("location.search").asString()).isEmpty();
        assertThat(browser.evaluate("sessionStorage.getItem('impact-monitor-token').split('.').length").asInt())
                .as("a JWT kept in the tab, as a pasted credential is").isEqualTo(3);
        browser.waitFor("document.getElementById('area-heading').textContent === 'NHS Lancashire and South Cumbria Integrated Care Board (QE1)'", WAIT);
        // the API answers the token: participation on the notice's first day, by hand 1 of QE1's 2 practices = 50.0%,
        // 10,000 of 15,000 patients = 66.7%
        chooseTheNoticesDay();
        browser.waitFor(participation("rate") + "?.textContent === '50.0%' && " + participation("covered") + "?.textContent === '66.7%'", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("planners-page-signed-in-through-the-organisation.png"));
    }

    @Test
    void shouldSignAPracticeInThroughTheOrganisationsSignInPageAndListItsNotices() throws Exception {
        // given
        pages.openSignedOut(practicePage);

        // when
        startSignIn();
        fillLoginForm("dev-practice-P00001", "dev-password");

        // then: signed in as the practice, its notice listed from the API
        pages.waitAcrossPages("location.href.startsWith('" + practicePage + "') && document.getElementById('who')?.textContent === "
                + "'Signed in as dev practice P00001 (practice).'", WAIT);
        assertThat(browser.evaluate("location.search").asString()).isEmpty();
        browser.waitFor("document.querySelector('#notices tr[data-notice-id=\"sign-in-1\"]') !== null", WAIT);
        assertThat(browser.evaluate("document.querySelector('#notices tr[data-notice-id=\"sign-in-1\"]').innerText").asString())
                .contains("P00001").contains("2024-08-01").contains("P00001 practice manager");
        browser.screenshot(SCREENSHOTS.resolve("practice-page-signed-in-through-the-organisation.png"));
    }

    @Test
    void shouldStayOnTheLoginFormWhenThePasswordIsWrong() {
        // given
        pages.openSignedOut(plannersPage);
        startSignIn();

        // when
        fillLoginForm("dev-icb-QE1", "not-the-password");

        // then: still the provider's login form, saying so; nothing reached the page
        pages.waitAcrossPages("location.href.startsWith('" + authorizationServer + "/login') && location.search.includes('error')"
                + " && document.querySelector('input[name=password]') !== null", WAIT);
        // Spring Security's login page says so in its alert ("Bad credentials", from the refusal kept in the session)
        assertThat(browser.evaluate("document.querySelector('.alert-danger')?.textContent || ''").asString())
                .matches("(?i)(bad|invalid) credentials");
        pages.openSignedOut(plannersPage);
        assertThat(browser.evaluate("sessionStorage.getItem('impact-monitor-token')").isNull()).isTrue();
    }

    @Test
    void shouldRefuseInWordsAnAnswerWhoseStateThisTabDidNotSend() {
        // given: a sign-in started in this tab (its state and verifier kept), the browser at the provider's form
        pages.openSignedOut(plannersPage);
        startSignIn();

        // when: an answer comes back to the page with another state (a forged or replayed redirect)
        browser.navigate(plannersPage + "?code=forged-code&state=tampered");

        // then: refused, said in words, nothing kept, and the parameters gone from the address bar
        assertThat(pages.awaitError(WAIT))
                .isEqualTo("Sign-in refused: the answer from the sign-in page does not belong to a sign-in started in this tab "
                        + "(its state does not match). Please sign in again.");
        assertThat(browser.evaluate("location.search").asString()).isEmpty();
        assertThat(browser.evaluate("sessionStorage.getItem('impact-monitor-token')").isNull()).isTrue();
        assertThat(pages.workHidden()).isTrue();
    }

    @Test
    void shouldSayInWordsWhenTheTokenEndpointRefusesTheCode() {
        // given: a sign-in started in this tab, and the state it sent (read back on the page's own origin)
        String state = pendingStateOfASignInStartedOn(plannersPage);

        // when: the answer carries this tab's state but a code the provider never issued
        browser.navigate(plannersPage + "?code=never-issued&state=" + state);

        // then: the token endpoint's refusal (read across origins: CORS) is said in words, nothing kept
        // (the provider's own words in the brackets: Spring Authorization Server says why in error_description or error)
        assertThat(pages.awaitError(WAIT))
                .startsWith("Your organisation's identity provider refused to issue a token (")
                .endsWith("). Please sign in again.");
        assertThat(browser.evaluate("location.search").asString()).isEmpty();
        assertThat(browser.evaluate("sessionStorage.getItem('impact-monitor-token')").isNull()).isTrue();
    }

    @Test
    void shouldSayInWordsWhenTheSignInIsDeniedAtTheProvider() {
        // given
        String state = pendingStateOfASignInStartedOn(practicePage);

        // when: the provider sends the browser back with access_denied (RFC 6749 4.1.2.1), as when a person cancels
        browser.navigate(practicePage + "?error=access_denied&error_description=The+user+cancelled&state=" + state);

        // then
        assertThat(pages.awaitError(WAIT))
                .isEqualTo("Sign-in was refused or cancelled at your organisation's sign-in page: The user cancelled.");
        assertThat(pages.workHidden()).isTrue();
    }

    /**
     * Starts a sign-in on the page and comes back to it without an answer: the pending sign-in stays in the tab (on
     * the page's origin), and the state it sent is read from there.
     */
    private String pendingStateOfASignInStartedOn(String page) {
        pages.openSignedOut(page);
        startSignIn();
        browser.navigate(page);
        return browser.evaluate("JSON.parse(sessionStorage.getItem('impact-monitor-sign-in')).state").asString();
    }

    @Test
    void shouldOfferSignInOnlyAtTheAuthorizationServerOfTheStack() throws Exception {
        // when: what each page's service says about sign-in, without a credential
        var planners = WalkingSkeletonScenario.json(get(pages.streams() + "/api/v1/sign-in"));
        var practice = WalkingSkeletonScenario.json(get(pages.ingest() + "/api/v1/sign-in"));

        // then: both the stack's own provider and its public pages client
        for (var answer : List.of(planners, practice)) {
            assertThat(answer.get("clientId").asString()).isEqualTo("monitor-pages");
            assertThat(answer.get("authorizationEndpoint").asString()).isEqualTo(authorizationServer + "/oauth2/authorize");
            assertThat(answer.get("tokenEndpoint").asString()).isEqualTo(authorizationServer + "/oauth2/token");
        }
    }

    @Test
    void shouldLetOnlyThePagesOriginsExchangeACodeAtTheTokenEndpoint() throws Exception {
        // when: the browser's preflight of a code exchange, from the planners' page and from elsewhere
        HttpResponse<String> fromThePage = preflight(authorizationServer + "/oauth2/token", plannersPage.replaceAll("/$", ""));
        HttpResponse<String> fromThePageBy127 = preflight(authorizationServer + "/oauth2/token",
                pages.plannersPage("127.0.0.1").replaceAll("/$", ""));
        HttpResponse<String> fromElsewhere = preflight(authorizationServer + "/oauth2/token", "https://attacker.example");

        // then
        assertThat(fromThePage.statusCode()).isEqualTo(200);
        assertThat(fromThePage.headers().firstValue("Access-Control-Allow-Origin")).contains(plannersPage.replaceAll("/$", ""));
        assertThat(fromThePageBy127.headers().firstValue("Access-Control-Allow-Origin")).contains(pages.plannersPage("127.0.0.1").replaceAll("/$", ""));
        assertThat(fromElsewhere.statusCode()).isEqualTo(403);
        assertThat(fromElsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> preflight(String url, String origin) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The "Sign in with your organisation" button, once the page has learnt it may offer it; then the provider's form. */
    private void startSignIn() {
        browser.waitFor("document.getElementById('idp-sign-in').hidden === false", WAIT);
        browser.evaluate("document.getElementById('sign-in-idp').click()");
        pages.waitAcrossPages("location.href.startsWith('" + authorizationServer + "/login') && document.querySelector('input[name=username]') !== null", WAIT);
    }

    /** Spring Authorization Server's login form, typed into and sent with the keyboard. */
    private void fillLoginForm(String user, String password) {
        browser.evaluate("document.querySelector('input[name=username]').focus()");
        browser.type(user);
        browser.evaluate("document.querySelector('input[name=password]').focus()");
        browser.type(password);
        browser.pressEnter();
    }

    private void chooseTheNoticesDay() {
        browser.waitFor("document.getElementById('day').value !== ''", WAIT);
        browser.evaluate("(() => { const d = document.getElementById('day'); d.value = '2024-08-01'; d.dispatchEvent(new Event('change')); })()");
        browser.waitFor("document.querySelector('.shown-day').textContent === 'Thu 1 Aug 2024'", WAIT);
    }

    private static String participation(String column) {
        return "document.querySelector('#participation tr[data-action=\"STOP_ADVICE_AND_GUIDANCE\"]')?.querySelector('td." + column + "')";
    }
}
