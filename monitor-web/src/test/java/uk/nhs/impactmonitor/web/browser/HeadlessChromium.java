package uk.nhs.impactmonitor.web.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Drives Debian's headless Chromium over the DevTools protocol (a WebSocket from the JDK, so no driver or
 * Selenium is needed): navigate, type, press keys, run script, wait for a condition, take a screenshot.
 * Shared through monitor-web's test-jar by every page test (the practice page, the planners' page).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Duration STEP = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    public static Optional<Path> find() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** A tall window, so a whole form fits in one screenshot. */
    public static HeadlessChromium start(Path executable) throws IOException, InterruptedException {
        return start(executable, 1280, 1800, false);
    }

    /** A page of exactly this size in CSS pixels (e.g. 1366×768, a laptop screen), whatever the window's own frame takes. */
    public static HeadlessChromium start(Path executable, int width, int height) throws IOException, InterruptedException {
        return start(executable, width, height, true);
    }

    private static HeadlessChromium start(Path executable, int width, int height, boolean exactViewport)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("headless-chromium-");
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        browserUrl.complete(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                browserUrl.completeExceptionally(e);
            }
            browserUrl.completeExceptionally(new IllegalStateException("chromium exited without opening DevTools"));
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        try {
            URI browser = URI.create(browserUrl.get(30, TimeUnit.SECONDS));
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String pageUrl = null;
            for (JsonNode target : Json.MAPPER.readTree(targets)) {
                if ("page".equals(target.path("type").asString())) {
                    pageUrl = target.path("webSocketDebuggerUrl").asString();
                    break;
                }
            }
            if (pageUrl == null) {
                throw new IllegalStateException("chromium has no page to drive: " + targets);
            }
            HeadlessChromium driver = new HeadlessChromium(process, profile, http, URI.create(pageUrl));
            if (exactViewport) {
                driver.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            }
            return driver;
        } catch (Exception e) {
            stop(process, profile);
            throw new IllegalStateException("could not start chromium: " + e.getMessage(), e);
        }
    }

    private HeadlessChromium(Process process, Path profile, HttpClient http, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = http.newWebSocketBuilder().buildAsync(page, new Listener()).join();
    }

    /** Sends one DevTools command and waits for its answer. */
    public JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode response = answer.get(STEP.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            return response.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " did not answer: " + e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
    }

    public void navigate(String url) {
        call("Page.enable", Map.of());
        call("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete'", STEP);
    }

    /** Runs script in the page (promises awaited) and returns its value. */
    public JsonNode evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Types into whatever has the focus, as a keyboard would. */
    public void type(String text) {
        call("Input.insertText", Map.of("text", text));
    }

    public void pressEnter() {
        call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13, "text", "\r"));
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13));
    }

    public void pressTab() {
        call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Tab", "code", "Tab", "windowsVirtualKeyCode", 9));
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Tab", "code", "Tab", "windowsVirtualKeyCode", 9));
    }

    public void pressSpace() {
        call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", " ", "code", "Space", "windowsVirtualKeyCode", 32, "text", " "));
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", " ", "code", "Space", "windowsVirtualKeyCode", 32));
    }

    /** Chooses a file in an {@code <input type=file>}, as the file picker would. */
    public void chooseFile(String selector, Path file) {
        int root = call("DOM.getDocument", Map.of()).path("root").path("nodeId").asInt();
        int input = call("DOM.querySelector", Map.of("nodeId", root, "selector", selector)).path("nodeId").asInt();
        call("DOM.setFileInputFiles", Map.of("nodeId", input, "files", List.of(file.toAbsolutePath().toString())));
    }

    /** Polls a boolean expression; fails with the expression when it does not become true in time. */
    public void waitFor(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate("Boolean(" + condition + ")").asBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the page never satisfied: " + condition + "; page text: " + evaluate("document.body.innerText").asString());
    }

    public void screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asString()));
    }

    /** The whole page, however far it scrolls, in one picture. */
    public void screenshotFullPage(Path file) throws IOException {
        JsonNode size = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(), "height", size.path("height").asDouble(), "scale", 1)));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asString()));
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser goes away below in any case
        }
        stop(process, profile);
    }

    private static void stop(Process process, Path profile) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonNode parsed = Json.MAPPER.readTree(message.toString());
                message.setLength(0);
                if (parsed.has("id")) {
                    CompletableFuture<JsonNode> answer = pending.get(parsed.get("id").asInt());
                    if (answer != null) {
                        answer.complete(parsed);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
