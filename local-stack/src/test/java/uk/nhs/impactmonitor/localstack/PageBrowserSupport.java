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
 * too, {@code --monitor.local.auth-port=0}), headless Chromium at laptop size (1366×768), the pages' addresses, opening
 * a page signed out, and signing in with a pasted credential. Each test adds its own directory, rules and data.
 */
final class PageBrowserSupport {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private PageBrowserSupport() {
    }

    /** Chromium's executable; skips the test, saying why and how to install it, where there is none. */
    static Path chromiumOrSkip() {
        var executable = HeadlessChromium.find();
        Assumptions.assumeTrue(executable.isPresent(),
                "Chromium is not installed (/usr/bin/chromium): skipping the page's browser test. Install it with 'apt-get install -y chromium'.");
        return executable.get();
    }

    /**
     * Starts the stack: data in {@code dataDir}, no demo, the admin credential given, every port a free one, then
     * {@code more} (a test's directory, baseline, rules...).
     */
    static LocalStack startStack(Path dataDir, String adminToken, List<String> more) throws Exception {
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
        return LocalStack.start(args.toArray(String[]::new));
    }

    /** The four-practice {@link TinyDirectory}, written under {@code dataDir}, as stack arguments. */
    static List<String> tinyDirectory(Path dataDir) throws IOException {
        Path[] directory = TinyDirectory.write(dataDir);
        return List.of("--monitor.directory.practices=" + directory[0], "--monitor.directory.list-sizes=" + directory[1]);
    }

    static HeadlessChromium startBrowser(Path executable) throws IOException, InterruptedException {
        return HeadlessChromium.start(executable, 1366, 768);
    }

    /** The planners' page (impact-streams) at {@code http://<host>:<port>/}. */
    static String plannersPage(LocalStack stack, String host) {
        return "http://" + host + ":" + stack.settings().local().streamsPort() + "/";
    }

    /** The practice page (ingest-service) at {@code http://<host>:<port>/}. */
    static String practicePage(LocalStack stack, String host) {
        return "http://" + host + ":" + stack.settings().local().ingestPort() + "/";
    }

    static String ingest(LocalStack stack) {
        return "http://127.0.0.1:" + stack.settings().local().ingestPort();
    }

    static String streams(LocalStack stack) {
        return "http://127.0.0.1:" + stack.settings().local().streamsPort();
    }

    /** Opens the page with nothing kept in the tab (no credential, no sign-in under way). */
    static void openSignedOut(HeadlessChromium browser, String page) {
        browser.navigate(page);
        browser.evaluate("sessionStorage.clear()");
        browser.navigate(page);
    }

    /** Signs in with a pasted credential, with the keyboard, as a person would. */
    static void signInWithToken(HeadlessChromium browser, String token) {
        browser.evaluate("document.getElementById('token').focus()");
        browser.type(token);
        browser.pressEnter();
    }

    /**
     * Polls a condition across page loads (a sign-in goes to the identity provider and back): while the browser is
     * between two documents the script cannot run, and that counts as "not yet".
     */
    static void waitAcrossPages(HeadlessChromium browser, String condition, Duration timeout) {
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

    static void close(HeadlessChromium browser, LocalStack stack) {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
