package uk.nhs.impactmonitor.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import uk.nhs.impactmonitor.web.browser.HeadlessChromium;

/**
 * What the pages' browser tests share: the local stack on free loopback ports (the in-process authorization server's
 * too, {@code --monitor.local.auth-port=0}) with headless Chromium at laptop size (1366×768) beside it, the pages'
 * addresses, opening a page signed out, and signing in with a pasted credential. Each test adds its own directory,
 * rules and data. Skips the test, saying why, where Chromium is not installed.
 */
final class PageBrowserSupport implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final LocalStack stack;
    private final HeadlessChromium browser;

    private PageBrowserSupport(LocalStack stack, HeadlessChromium browser) {
        this.stack = stack;
        this.browser = browser;
    }

    /**
     * Starts the stack (data in {@code dataDir}, no demo, the admin credential given, every port a free one, then
     * {@code more}: a test's directory, baseline, rules...) and the browser.
     */
    static PageBrowserSupport start(Path dataDir, String adminToken, List<String> more) throws Exception {
        var executable = HeadlessChromium.find();
        Assumptions.assumeTrue(executable.isPresent(),
                "Chromium is not installed (/usr/bin/chromium): skipping the page's browser test. Install it with 'apt-get install -y chromium'.");
        List<String> args = new ArrayList<>(List.of(
                "--monitor.data-dir=" + dataDir.resolve("data"),
                "--monitor.demo.enabled=false", "--monitor.local.auth-port=0",
                "--monitor.security.admin-token=" + adminToken,
                "--monitor.local.ingest-port=" + freePort(),
                "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(),
                "--monitor.kafka.port=" + freePort(),
                "--monitor.kafka.controller-port=" + freePort()));
        args.addAll(more);
        LocalStack stack = LocalStack.start(args.toArray(String[]::new));
        try {
            return new PageBrowserSupport(stack, HeadlessChromium.start(executable.get(), 1366, 768));
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    /** The four-practice {@link TinyDirectory}, written under {@code dataDir}, as stack arguments, then {@code more}. */
    static List<String> onTinyDirectory(Path dataDir, List<String> more) throws IOException {
        Path[] directory = TinyDirectory.write(dataDir);
        List<String> args = new ArrayList<>(List.of("--monitor.directory.practices=" + directory[0], "--monitor.directory.list-sizes=" + directory[1]));
        args.addAll(more);
        return args;
    }

    LocalStack stack() {
        return stack;
    }

    HeadlessChromium browser() {
        return browser;
    }

    /** The planners' page (impact-streams) at {@code http://<host>:<port>/}. */
    String plannersPage(String host) {
        return "http://" + host + ":" + stack.settings().local().streamsPort() + "/";
    }

    /** The practice page (ingest-service) at {@code http://<host>:<port>/}. */
    String practicePage(String host) {
        return "http://" + host + ":" + stack.settings().local().ingestPort() + "/";
    }

    String ingest() {
        return "http://127.0.0.1:" + stack.settings().local().ingestPort();
    }

    String streams() {
        return "http://127.0.0.1:" + stack.settings().local().streamsPort();
    }

    /**
     * P1 (P00001, in QE1 of the {@link TinyDirectory}) notifies that it stops Advice &amp; Guidance from 1 August 2024,
     * through ingest-service as a practice would.
     */
    void noticeThatP1StopsAdviceAndGuidance(String noticeId) throws Exception {
        java.net.http.HttpResponse<String> accepted = WalkingSkeletonScenario.post(ingest() + "/api/v1/notices", "dev-practice-P00001", """
                {"noticeId":"%s","practiceCode":"P00001","action":"STOP_ADVICE_AND_GUIDANCE",
                 "effectiveFrom":"2024-08-01","submittedBy":"P00001 practice manager"}""".formatted(noticeId));
        org.assertj.core.api.Assertions.assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    /** Opens the page with nothing kept in the tab (no credential, no sign-in under way). */
    void openSignedOut(String page) {
        browser.navigate(page);
        browser.evaluate("sessionStorage.clear()");
        browser.navigate(page);
    }

    /** Signs in with a pasted credential, with the keyboard, as a person would. */
    void signInWithToken(String token) {
        browser.evaluate("document.getElementById('token').focus()");
        browser.type(token);
        browser.pressEnter();
    }

    /** Waits until the page shows a refusal or error (its {@code #errors} box) and returns its words. */
    String awaitError(Duration timeout) {
        browser.waitFor("document.getElementById('errors').textContent.length > 0", timeout);
        return browser.evaluate("document.getElementById('errors').textContent").asString();
    }

    /** Whether the signed-in part of the page ({@code #work}) is hidden. */
    boolean workHidden() {
        return browser.evaluate("document.getElementById('work').hidden").asBoolean();
    }

    /**
     * Polls a condition across page loads (a sign-in goes to the identity provider and back): while the browser is
     * between two documents the script cannot run, and that counts as "not yet".
     */
    void waitAcrossPages(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (browser.evaluate("Boolean(" + condition + ")").asBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String text;
        try {
            text = browser.evaluate("location.href + ' :: ' + document.body.innerText").asString();
        } catch (RuntimeException e) {
            text = "(unreadable: " + e.getMessage() + ")";
        }
        throw new AssertionError("the page never satisfied: " + condition + "; page: " + text + (last == null ? "" : "; last error: " + last.getMessage()));
    }

    /** The browser, then the stack. */
    @Override
    public void close() {
        browser.close();
        stack.close();
    }

    /** For an {@code @AfterAll}: nothing to close when the test was skipped before starting. */
    static void close(PageBrowserSupport pages) {
        if (pages != null) {
            pages.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
