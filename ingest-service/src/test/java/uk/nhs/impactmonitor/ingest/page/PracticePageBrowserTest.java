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
import uk.nhs.impactmonitor.web.browser.HeadlessChromium;

/**
 * A practice manager's use of the page in headless Chromium: sign in with the keyboard, notify
 * STOP_ADVICE_AND_GUIDANCE, see it listed; and a refused form says what is wrong. Screenshots are kept in
 * {@code target/screenshots/}. Skipped (with the reason) where Chromium is not installed.
 */
@IngestApiTest
class PracticePageBrowserTest {

    /** Signing in has finished: actions and notices loaded, and the page said so. */
    static final String SIGNED_IN = "document.getElementById('messages').textContent === 'Signed in.'"
            + " && document.querySelectorAll('input[name=action]').length === 10";
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
        browser.waitFor(SIGNED_IN, WAIT);
        int written = producer.history().size();

        // when: the action is chosen with the keyboard (focus, space), the rest typed, and the form sent
        assertThat(browser.evaluate("document.getElementById('notice-practiceCode').value").asString()).isEqualTo("Z00001");
        browser.evaluate("document.getElementById('action-STOP_ADVICE_AND_GUIDANCE').focus()");
        browser.pressSpace();
        browser.evaluate("document.getElementById('effectiveFrom').value = '2024-08-01'");
        browser.evaluate("document.getElementById('submittedBy').focus()");
        browser.type("Practice manager, Z00001");
        browser.evaluate("document.getElementById('send-notice').click()");
        browser.waitFor("document.getElementById('messages').textContent.startsWith('Notice received')", WAIT);
        // the page names the notice it sent by its reference; other tests may have listed notices of Z00001 before
        String message = browser.evaluate("document.getElementById('messages').textContent").asString();
        String noticeId = message.substring(message.lastIndexOf("Reference ") + "Reference ".length(), message.length() - 1);
        String listed = "document.querySelector('#notices tr[data-notice-id=\"" + noticeId + "\"]')";
        browser.waitFor(listed + " !== null", WAIT);
        browser.evaluate(listed + ".scrollIntoView()");
        browser.screenshot(SCREENSHOTS.resolve("practice-page-notice-listed.png"));

        // then
        assertThat(message).startsWith("Notice received: Stop Advice & Guidance for Z00001 from 2024-08-01. Reference ");
        List<String> row = List.of(browser.evaluate(
                "Array.from(" + listed + ".cells).slice(0, 6).map(c => c.textContent).join('|')").asString().split("\\|"));
        assertThat(row).containsExactly("Z00001", "Stop Advice & Guidance", "2024-08-01", "open-ended", "Active", "Practice manager, Z00001");
        assertThat(producer.history()).hasSize(written + 1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(written);
        NoticeEvent event = Topics.PRACTICE_NOTICES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        assertThat(new String(record.key())).isEqualTo("Z00001");
        assertThat(event.type()).isEqualTo(NoticeEventType.DECLARED);
        assertThat(event.noticeId()).isEqualTo(noticeId);
        assertThat(event.action()).isEqualTo(CollectiveAction.STOP_ADVICE_AND_GUIDANCE);
        assertThat(Files.size(SCREENSHOTS.resolve("practice-page-notice-listed.png"))).isPositive();
    }

    @Test
    void shouldSayWhatIsWrongWhenTheNoticeFormIsSentIncomplete() throws Exception {
        // given
        browser.evaluate("document.getElementById('token').focus()");
        browser.type(IngestHttp.PRACTICE_Z00001);
        browser.pressEnter();
        browser.waitFor(SIGNED_IN, WAIT);
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

    @Test
    void shouldReportADayAndNameTheFieldWhenTheDayIsInTheFuture() {
        // given: signed in; "today" for the service is 5 August 2024
        signInAsPractice();
        int written = producer.history().size();
        fill("clinicianSessions", "10");
        fill("patientContacts", "240");
        fill("cappedSessions", "4");
        fill("urgentCareDiversions", "7");
        fill("agRequests", "3");
        fill("referrals", "12");
        fill("onlineRequests", "55");

        // when: first a day after today, then today
        browser.evaluate("document.getElementById('day').value = '2024-08-06'");
        browser.evaluate("document.getElementById('send-activity').click()");
        browser.waitFor("document.getElementById('errors').textContent.includes('future')", WAIT);
        String refused = browser.evaluate("document.getElementById('errors').innerText").asString();
        browser.evaluate("document.getElementById('day').value = '2024-08-05'");
        browser.evaluate("document.getElementById('send-activity').click()");
        browser.waitFor("document.getElementById('messages').textContent.includes('received')", WAIT);

        // then
        assertThat(refused).contains("Day (day): must not be in the future: today in England is 2024-08-05 (got 2024-08-06)");
        assertThat(browser.evaluate("document.getElementById('messages').textContent").asString())
                .isEqualTo("Activity for Z00001 on 2024-08-05 received. Sending the same day again replaces it.");
        assertThat(producer.history()).hasSize(written + 1);
        assertThat(new String(producer.history().get(written).key())).isEqualTo("Z00001/2024-08-05");
    }

    @Test
    void shouldListEachBadLineWhenAnUploadedCsvHasOne() throws Exception {
        // given: signed in, and a file whose third line has more capped sessions than sessions
        signInAsPractice();
        Path csv = Files.createTempFile("activity-", ".csv");
        Files.writeString(csv, "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n"
                + "Z00001,2024-08-01,10,240,4,7,3,12,55\n"
                + "Z00001,2024-08-02,10,240,11,7,3,12,55\n"
                + "Z00001,2024-08-03,10,240,4,7,3,12,55\n");
        int written = producer.history().size();

        // when
        browser.chooseFile("#csv-file", csv);
        browser.evaluate("document.getElementById('upload').click()");
        browser.waitFor("document.getElementById('messages').textContent.includes('received')", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("practice-page-csv-upload.png"));

        // then
        assertThat(browser.evaluate("document.getElementById('messages').textContent").asString())
                .isEqualTo("2 lines received; 1 not accepted (listed below).");
        assertThat(browser.evaluate("document.querySelector('#upload-result li').textContent").asString())
                .isEqualTo("Line 3: cappedSessions must not exceed clinicianSessions (11 capped of 10 sessions)");
        assertThat(producer.history()).hasSize(written + 2);
        Files.delete(csv);
    }

    private void signInAsPractice() {
        browser.evaluate("document.getElementById('token').focus()");
        browser.type(IngestHttp.PRACTICE_Z00001);
        browser.pressEnter();
        browser.waitFor(SIGNED_IN, WAIT);
    }

    private void fill(String id, String value) {
        browser.evaluate("document.getElementById('" + id + "').focus()");
        browser.type(value);
    }
}
