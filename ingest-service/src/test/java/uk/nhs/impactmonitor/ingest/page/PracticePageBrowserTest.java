package uk.nhs.impactmonitor.ingest.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.IngestApiTest;
import uk.nhs.impactmonitor.ingest.IngestHttp;

/**
 * A practice manager's use of the page in headless Chromium: sign in with the keyboard, notify
 * STOP_ADVICE_AND_GUIDANCE, see it listed; and a refused form says what is wrong. Screenshots are kept in
 * {@code target/screenshots/}. Skipped (with the reason) where Chromium is not installed.
 */
@IngestApiTest
class PracticePageBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Generous: the machine may be busy; nothing here measures speed. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    MockProducer<byte[], byte[]> producer;
    /** One browser for the class (starting Chromium is the slow part); each test opens the page signed out. */
    static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        var executable = HeadlessChromium.find();
        Assumptions.assumeTrue(executable.isPresent(),
                "Chromium is not installed (/usr/bin/chromium): skipping the page test. Install it with 'apt-get install -y chromium'.");
        browser = HeadlessChromium.start(executable.get());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openThePageSignedOut() {
        browser.navigate("http://127.0.0.1:" + port + "/");
        browser.evaluate("sessionStorage.clear()");
        browser.navigate("http://127.0.0.1:" + port + "/");
    }

    @Test
    void shouldListTheNoticeWhenAPracticeSignsInAndNotifiesStopAdviceAndGuidance() throws Exception {
        // given: signed in as practice Z00001, typing the credential and pressing Enter
        browser.evaluate("document.getElementById('token').focus()");
        browser.type(IngestHttp.PRACTICE_Z00001);
        browser.pressEnter();
        browser.waitFor("!document.getElementById('work').hidden && document.querySelectorAll('input[name=action]').length === 10", WAIT);
        int written = producer.history().size();

        // when: the action is chosen with the keyboard (focus, space), the rest typed, and the form sent
        assertThat(browser.evaluate("document.getElementById('notice-practiceCode').value").asString()).isEqualTo("Z00001");
        browser.evaluate("document.getElementById('action-STOP_ADVICE_AND_GUIDANCE').focus()");
        browser.pressSpace();
        browser.evaluate("document.getElementById('effectiveFrom').value = '2024-08-01'");
        browser.evaluate("document.getElementById('submittedBy').focus()");
        browser.type("Practice manager, Z00001");
        browser.evaluate("document.getElementById('send-notice').click()");
        browser.waitFor("document.querySelector('#notices td[data-action=STOP_ADVICE_AND_GUIDANCE]') !== null", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("practice-page-notice-listed.png"));

        // then
        assertThat(browser.evaluate("document.getElementById('messages').textContent").asString())
                .startsWith("Notice received: Stop Advice & Guidance for Z00001 from 2024-08-01.");
        List<String> row = List.of(browser.evaluate(
                "Array.from(document.querySelector('#notices td[data-action=STOP_ADVICE_AND_GUIDANCE]').parentElement.cells)"
                        + ".slice(0, 6).map(c => c.textContent).join('|')").asString().split("\\|"));
        assertThat(row).containsExactly("Z00001", "Stop Advice & Guidance", "2024-08-01", "open-ended", "Active", "Practice manager, Z00001");
        assertThat(producer.history()).hasSize(written + 1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(written);
        NoticeEvent event = Topics.PRACTICE_NOTICES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        assertThat(new String(record.key())).isEqualTo("Z00001");
        assertThat(event.type()).isEqualTo(NoticeEventType.DECLARED);
        assertThat(event.action()).isEqualTo(CollectiveAction.STOP_ADVICE_AND_GUIDANCE);
        assertThat(Files.size(SCREENSHOTS.resolve("practice-page-notice-listed.png"))).isPositive();
    }

    @Test
    void shouldSayWhatIsWrongWhenTheNoticeFormIsSentIncomplete() throws Exception {
        // given
        browser.evaluate("document.getElementById('token').focus()");
        browser.type(IngestHttp.PRACTICE_Z00001);
        browser.pressEnter();
        browser.waitFor("!document.getElementById('work').hidden && document.querySelectorAll('input[name=action]').length === 10", WAIT);
        int written = producer.history().size();

        // when: no action chosen, no name given
        browser.evaluate("document.getElementById('submittedBy').value = ''");
        browser.evaluate("document.getElementById('send-notice').click()");
        browser.waitFor("document.getElementById('errors').textContent.length > 0", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("practice-page-errors.png"));

        // then
        String errors = browser.evaluate("document.getElementById('errors').innerText").asString();
        assertThat(errors).contains("Please correct these 2 before sending:")
                .contains("Which action (action): required")
                .contains("Your name and role (submittedBy): required");
        assertThat(browser.evaluate("document.getElementById('submittedBy').getAttribute('aria-invalid')").asString()).isEqualTo("true");
        assertThat(producer.history()).hasSize(written);
    }

    @Test
    void shouldRefuseAnUnknownCredentialWithAClearMessageWhenSigningIn() {
        // given: the page, signed out

        // when
        browser.evaluate("document.getElementById('token').focus()");
        browser.type("not-a-credential");
        browser.pressEnter();
        browser.waitFor("document.getElementById('errors').textContent.length > 0", WAIT);

        // then
        assertThat(browser.evaluate("document.getElementById('errors').textContent").asString())
                .isEqualTo("Please sign in again: the credential was not accepted.");
        assertThat(browser.evaluate("document.getElementById('work').hidden").asBoolean()).isTrue();
    }
}
