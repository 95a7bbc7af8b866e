package uk.nhs.impactmonitor.localstack.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.web.security.TestIdentityProvider;
import uk.nhs.impactmonitor.localstack.DevAuthorizationServer;
import uk.nhs.impactmonitor.localstack.LocalStack;
import uk.nhs.impactmonitor.localstack.TinyDirectory;

/**
 * The access rules of api.md across all three services, on a running local stack (demo off, four practices):
 * every role × every endpoint × its own and another practice or area. The expected answers are written out
 * below from api.md's "Who may do what", not computed from the code's rules, so a wrong rule fails here.
 * The same stack, logging at DEBUG for our packages and Spring web, shows that no token or secret is logged
 * and no problem detail echoes the Authorization header.
 *
 * <p>The matrix runs twice, once per kind of credential: the static development tokens (and the admin token), and JWTs
 * the stack's in-process authorization server ({@code DevAuthorizationServer}) issues to its client-credentials
 * clients of the same names; one access decision, whatever the credential. A JWT's INVALID is a well-formed token
 * for the right issuer and audience signed by a key the issuer does not publish.
 *
 * <p>Directory: P00001 and P00002 in ICB QE1, P00003 in QOP (both region Y62, North West); P00004 in QHM (region Y63).
 * The dev credentials are those of the first practice: dev-practice-P00001, dev-icb-QE1, dev-region-Y62, dev-admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class AccessAcrossServicesIntegrationTest {

    /**
     * From api.md: a practice submits and reads for its own practice only (no indicators or alerts); an ICB submits
     * and reads for its practices and reads its own indicators and alerts; a region reads indicators and alerts of
     * itself and its ICBs and acknowledges and silences their alerts; admin does everything; 401 without a known
     * credential. "own"/"other" per role: PRACTICE P00001/P00002, ICB P00002 or QE1 / P00004 or QHM, REGION
     * P00001 or Y62 / P00004 or Y63, ADMIN as REGION; the alert acknowledged is QE1's (own) or QHM's (other).
     * REJECTED = 202 with the row refused (a batch is not failed by one row). Areas, and alerts-service's rules and subscriptions lists, are filtered to the caller, so any credential but a practice's is answered 200 (alerts-service has nothing for a practice).
     * Subscribing to an area's alerts is reading them: allowed to whoever may read that area's alerts.
     *
     * <p>alerts-service refuses a practice credential on every path (403), and acknowledging or deleting another
     * area's alert or subscription is 403 as api.md says; only an id that does not exist is 404.
     */
    static final String MATRIX = """
            # role     endpoint              own   other
            NONE       POST_NOTICE           401   401
            NONE       PUT_NOTICE            401   401
            NONE       DELETE_NOTICE         401   401
            NONE       LIST_NOTICES          401   401
            NONE       POST_ACTIVITY         401   401
            NONE       BATCH_JSON            401   401
            NONE       BATCH_CSV             401   401
            NONE       AREAS                 401   401
            NONE       INDICATORS            401   401
            NONE       SERIES                401   401
            NONE       STREAM                401   401
            NONE       ALERTS                401   401
            NONE       ACK                   401   401
            NONE       SILENCE               401   401
            NONE       RULES                 401   401
            NONE       SUBSCRIBE             401   401
            NONE       SUBSCRIPTIONS         401   401
            NONE       UNSUBSCRIBE           401   401
            INVALID    POST_NOTICE           401   401
            INVALID    LIST_NOTICES          401   401
            INVALID    BATCH_CSV             401   401
            INVALID    INDICATORS            401   401
            INVALID    STREAM                401   401
            INVALID    ALERTS                401   401
            INVALID    ACK                   401   401
            INVALID    SUBSCRIBE             401   401
            PRACTICE   POST_NOTICE           202   403
            PRACTICE   PUT_NOTICE            202   403
            PRACTICE   DELETE_NOTICE         202   403
            PRACTICE   LIST_NOTICES          200   403
            PRACTICE   POST_ACTIVITY         202   403
            PRACTICE   BATCH_JSON            202   REJECTED
            PRACTICE   BATCH_CSV             202   REJECTED
            PRACTICE   AREAS                 200   200
            PRACTICE   INDICATORS            403   403
            PRACTICE   SERIES                403   403
            PRACTICE   STREAM                403   403
            PRACTICE   ALERTS                403   403
            PRACTICE   ACK                   403   403
            PRACTICE   SILENCE               403   403
            PRACTICE   RULES                 403   403
            PRACTICE   SUBSCRIBE             403   403
            PRACTICE   SUBSCRIPTIONS         403   403
            PRACTICE   UNSUBSCRIBE           403   403
            ICB        POST_NOTICE           202   403
            ICB        PUT_NOTICE            202   403
            ICB        DELETE_NOTICE         202   403
            ICB        LIST_NOTICES          200   403
            ICB        POST_ACTIVITY         202   403
            ICB        BATCH_JSON            202   REJECTED
            ICB        BATCH_CSV             202   REJECTED
            ICB        AREAS                 200   200
            ICB        INDICATORS            200   403
            ICB        SERIES                200   403
            ICB        STREAM                200   403
            ICB        ALERTS                200   403
            ICB        ACK                   403   403
            ICB        SILENCE               403   403
            ICB        RULES                 200   200
            ICB        SUBSCRIBE             201   403
            ICB        SUBSCRIPTIONS         200   200
            ICB        UNSUBSCRIBE           204   403
            REGION     POST_NOTICE           403   403
            REGION     PUT_NOTICE            403   403
            REGION     DELETE_NOTICE         403   403
            REGION     LIST_NOTICES          403   403
            REGION     POST_ACTIVITY         403   403
            REGION     BATCH_JSON            403   403
            REGION     BATCH_CSV             403   403
            REGION     AREAS                 200   200
            REGION     INDICATORS            200   403
            REGION     SERIES                200   403
            REGION     STREAM                200   403
            REGION     ALERTS                200   403
            REGION     ACK                   200   403
            REGION     SILENCE               201   403
            REGION     RULES                 200   200
            REGION     SUBSCRIBE             201   403
            REGION     SUBSCRIPTIONS         200   200
            REGION     UNSUBSCRIBE           204   403
            ADMIN      POST_NOTICE           202   202
            ADMIN      PUT_NOTICE            202   202
            ADMIN      DELETE_NOTICE         202   202
            ADMIN      LIST_NOTICES          200   200
            ADMIN      POST_ACTIVITY         202   202
            ADMIN      BATCH_JSON            202   202
            ADMIN      BATCH_CSV             202   202
            ADMIN      AREAS                 200   200
            ADMIN      INDICATORS            200   200
            ADMIN      SERIES                200   200
            ADMIN      STREAM                200   200
            ADMIN      ALERTS                200   200
            ADMIN      ACK                   200   200
            ADMIN      SILENCE               201   201
            ADMIN      RULES                 200   200
            ADMIN      SUBSCRIBE             201   201
            ADMIN      SUBSCRIPTIONS         200   200
            ADMIN      UNSUBSCRIBE           204   204
            """;

    /** Extra rows where "own" is not one area: a region reads its ICBs; nobody but admin reads England; an ICB does not read its region. */
    static final String EXTRA = """
            # role     endpoint      area   expected
            REGION     INDICATORS    QE1    200
            REGION     ALERTS        QE1    200
            REGION     INDICATORS    ENG    403
            ICB        INDICATORS    Y62    403
            ICB        ALERTS        Y62    403
            ADMIN      INDICATORS    ENG    200
            """;

    static final String ADMIN_TOKEN = "access-test-admin-" + java.util.UUID.randomUUID();
    static final String INVALID_TOKEN = "not-a-known-credential-" + java.util.UUID.randomUUID();
    static final String WEBHOOK_SECRET = "webhook-secret-" + java.util.UUID.randomUUID();
    static final String CSV_HEADER = "practiceCode,day,clinicianSessions,patientContacts,cappedSessions,urgentCareDiversions,agRequests,referrals,onlineRequests\n";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger IDS = new AtomicInteger();

    Path dataDir;
    LocalStack stack;
    String ingest;
    String streams;
    String alerts;
    /** A firing alert of each area that takes part, by area. */
    final Map<String, String> firingAlerts = new LinkedHashMap<>();
    /** A client-credentials JWT of the stack's authorization server per role (PRACTICE, ICB, REGION, ADMIN). */
    final Map<String, String> jwts = new LinkedHashMap<>();
    /** Well-formed, right issuer and audience, ADMIN, but signed by a key the issuer does not publish. */
    String invalidJwt;

    @BeforeAll
    void startStack() throws Exception {
        dataDir = Files.createTempDirectory("access-matrix");
        Path[] directory = TinyDirectory.write(dataDir);
        stack = LocalStack.start(
                "--monitor.data-dir=" + dataDir.resolve("data"),
                "--monitor.demo.enabled=false",
                "--monitor.directory.practices=" + directory[0],
                "--monitor.directory.list-sizes=" + directory[1],
                "--monitor.security.admin-token=" + ADMIN_TOKEN,
                "--monitor.local.ingest-port=" + freePort(),
                "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(),
                "--monitor.kafka.port=" + freePort(),
                "--monitor.kafka.controller-port=" + freePort(),
                "--monitor.local.auth-port=0",
                "--monitor.alerts.group-wait=0s", "--monitor.alerts.tick-interval=50ms",
                // everything our code and Spring's web layer might say about a request
                "--logging.level.uk.nhs.impactmonitor=DEBUG",
                "--logging.level.org.springframework.web=DEBUG",
                "--logging.level.org.springframework.security=DEBUG");
        var ports = stack.settings().local();
        ingest = "http://localhost:" + ports.ingestPort();
        streams = "http://localhost:" + ports.streamsPort();
        alerts = "http://localhost:" + ports.alertsPort();
        DevAuthorizationServer idp = stack.authorizationServer();
        for (Map.Entry<String, String> role : Map.of("PRACTICE", "dev-practice-P00001", "ICB", "dev-icb-QE1", "REGION", "dev-region-Y62",
                "ADMIN", "dev-admin").entrySet()) {
            jwts.put(role.getKey(), clientCredentialsToken(idp.tokenEndpoint(), role.getValue()));
        }
        try (TestIdentityProvider stranger = TestIdentityProvider.start()) {
            invalidJwt = stranger.sign(stranger.claims("dev-admin", List.of("ADMIN")).issuer(idp.issuer()).audience(DevAuthorizationServer.AUDIENCE).build());
        }

        // P00001 (QE1, Y62) and P00004 (QHM, Y63) stop Advice & Guidance: participation alerts fire in both
        for (String practice : List.of("P00001", "P00004")) {
            HttpResponse<String> notice = send("POST", ingest + "/api/v1/notices", ADMIN_TOKEN, "application/json",
                    notice("setup-" + practice, practice));
            assertThat(notice.statusCode()).as(notice.body()).isEqualTo(202);
        }
        for (String area : List.of("QE1", "QHM")) {
            firingAlerts.put(area, await(() -> firingAlert(area), Duration.ofSeconds(60)));
        }
    }

    @AfterAll
    void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Stream<Arguments> matrix() {
        return Stream.concat(
                MATRIX.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+"))
                        .flatMap(cells -> Stream.of(Arguments.of(cells[0], cells[1], "own", cells[2]), Arguments.of(cells[0], cells[1], "other", cells[3]))),
                EXTRA.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+"))
                        .map(cells -> Arguments.of(cells[0], cells[1], cells[2], cells[3])));
    }

    /** Every row once with static tokens and once with JWTs (no credential at all is the same request either way). */
    static Stream<Arguments> matrixPerCredential() {
        return Stream.of("STATIC", "JWT").flatMap(kind -> matrix()
                .filter(row -> kind.equals("STATIC") || !row.get()[0].equals("NONE"))
                .map(row -> Arguments.of(kind, row.get()[0], row.get()[1], row.get()[2], row.get()[3])));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @MethodSource("matrixPerCredential")
    void shouldAnswerAsApiMdSaysWhenARoleCallsAnEndpointOfAnyServiceForItsOwnOrAnotherScope(String kind, String role, String endpoint,
                                                                                            String target, String expected) throws Exception {
        // given
        String token = kind.equals("JWT") ? jwt(role) : token(role);
        String practice = practiceFor(role, target);
        String area = areaFor(role, target);
        String id = "am-" + IDS.incrementAndGet();
        if (endpoint.equals("PUT_NOTICE") || endpoint.equals("DELETE_NOTICE")) {
            assertThat(send("POST", ingest + "/api/v1/notices", ADMIN_TOKEN, "application/json", notice(id, practice)).statusCode()).isEqualTo(202);
        }
        String subscriptionId = null;
        if (endpoint.equals("UNSUBSCRIBE")) {
            HttpResponse<String> created = send("POST", alerts + "/api/v1/subscriptions", ADMIN_TOKEN, "application/json", subscription(area));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            subscriptionId = json(created.body()).path("subscriptionId").asString();
        }

        // when
        HttpResponse<String> response = switch (endpoint) {
            case "POST_NOTICE" -> send("POST", ingest + "/api/v1/notices", token, "application/json", notice(id, practice));
            case "PUT_NOTICE" -> send("PUT", ingest + "/api/v1/notices/" + id, token, "application/json",
                    notice(id, practice).replace("2024-08-01", "2024-08-02"));
            case "DELETE_NOTICE" -> send("DELETE", ingest + "/api/v1/notices/" + id, token, null, null);
            case "LIST_NOTICES" -> send("GET", ingest + "/api/v1/notices?practiceCode=" + practice, token, null, null);
            case "POST_ACTIVITY" -> send("POST", ingest + "/api/v1/activity", token, "application/json", report(practice));
            case "BATCH_JSON" -> send("POST", ingest + "/api/v1/activity/batch", token, "application/json", "[" + report(practice) + "]");
            case "BATCH_CSV" -> send("POST", ingest + "/api/v1/activity/batch", token, "text/csv",
                    CSV_HEADER + practice + ",2024-08-01,10,240,4,7,3,12,55\n");
            case "AREAS" -> send("GET", streams + "/api/v1/areas", token, null, null);
            case "INDICATORS" -> send("GET", streams + "/api/v1/areas/" + area + "/indicators", token, null, null);
            case "SERIES" -> send("GET", streams + "/api/v1/areas/" + area + "/indicators/participation_rate?action=STOP_ADVICE_AND_GUIDANCE",
                    token, null, null);
            case "STREAM" -> openStream(streams + "/api/v1/stream?area=" + area, token);
            case "ALERTS" -> send("GET", alerts + "/api/v1/alerts?area=" + area, token, null, null);
            case "ACK" -> send("POST", alerts + "/api/v1/alerts/" + firingAlerts.get(alertAreaFor(target)) + "/ack", token, "application/json",
                    "{\"by\":\"" + role + " on call\"}");
            case "SILENCE" -> send("POST", alerts + "/api/v1/silences", token, "application/json",
                    "{\"matchers\":{\"area\":\"" + area + "\",\"indicator\":\"reporting_completeness\"},\"until\":\"2099-01-01T00:00:00Z\",\"by\":\"" + role + "\"}");
            case "RULES" -> send("GET", alerts + "/api/v1/rules", token, null, null);
            case "SUBSCRIBE" -> send("POST", alerts + "/api/v1/subscriptions", token, "application/json", subscription(area));
            case "SUBSCRIPTIONS" -> send("GET", alerts + "/api/v1/subscriptions", token, null, null);
            case "UNSUBSCRIBE" -> send("DELETE", alerts + "/api/v1/subscriptions/" + subscriptionId, token, null, null);
            default -> throw new IllegalArgumentException(endpoint);
        };

        // then
        String why = kind + " " + role + " " + endpoint + " " + target + " (" + practice + ", " + area + "): " + response.body();
        if (expected.equals("REJECTED")) {
            assertThat(response.statusCode()).as(why).isEqualTo(202);
            assertThat(json(response.body()).path("accepted").asInt(-1)).as(why).isZero();
            assertThat(json(response.body()).path("rejected").get(0).path("errors").get(0).path("message").asString()).as(why).startsWith("forbidden:");
            return;
        }
        assertThat(response.statusCode()).as(why).isEqualTo(Integer.parseInt(expected));
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(why).startsWith("application/problem+json");
            // a refusal never echoes the credential it refused
            assertThat(response.body()).as(why).doesNotContain(INVALID_TOKEN).doesNotContain(ADMIN_TOKEN).doesNotContain(invalidJwt);
            if (token != null) {
                assertThat(response.body()).as(why).doesNotContain(token);
            }
        }
        if (expected.equals("202") && endpoint.startsWith("BATCH")) {
            assertThat(json(response.body()).path("accepted").asInt()).as(why).isEqualTo(1);
        }
    }

    /**
     * Valid and invalid tokens, the admin token, a webhook secret (accepted, and refused as too short) all pass
     * through the three services at DEBUG; none of them appears in any log line, and no answer carries the secret.
     */
    @Test
    void shouldNeverLogACredentialOrEchoItInAProblemWhenRequestsCarryValidAndInvalidTokensAndSecrets(CapturedOutput output) throws Exception {
        // given
        List<String> secrets = new ArrayList<>(List.of(ADMIN_TOKEN, INVALID_TOKEN, WEBHOOK_SECRET, "dev-practice-P00001", "dev-icb-QE1",
                "dev-region-Y62", "dev-admin", invalidJwt));
        secrets.addAll(jwts.values());
        List<String> tokens = new ArrayList<>(List.of(ADMIN_TOKEN, INVALID_TOKEN, "dev-practice-P00001", "dev-icb-QE1", "dev-region-Y62", "dev-admin",
                invalidJwt));
        tokens.addAll(jwts.values());
        List<HttpResponse<String>> answers = new ArrayList<>();

        // when: each token against each service, good and bad requests, and a webhook secret in and out
        for (String token : tokens) {
            answers.add(send("POST", ingest + "/api/v1/notices", token, "application/json", notice("log-" + IDS.incrementAndGet(), "P00001")));
            answers.add(send("POST", ingest + "/api/v1/notices", token, "application/json", "{\"practiceCode\":\"NOPE\"}"));
            answers.add(send("POST", ingest + "/api/v1/activity", token, "application/json", "{broken"));
            answers.add(send("GET", streams + "/api/v1/areas/QE1/indicators", token, null, null));
            answers.add(send("GET", streams + "/api/v1/areas/NOPE/indicators", token, null, null));
            answers.add(send("GET", alerts + "/api/v1/alerts?area=QE1", token, null, null));
            answers.add(send("POST", alerts + "/api/v1/subscriptions", token, "application/json", subscription("QE1")));
            answers.add(send("GET", alerts + "/api/v1/subscriptions", token, null, null));
        }
        answers.add(send("POST", alerts + "/api/v1/subscriptions", ADMIN_TOKEN, "application/json",
                "{\"area\":\"QE1\",\"webhook\":{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"" + WEBHOOK_SECRET.substring(0, 5) + "\"}}"));
        answers.add(sendWithHeader(ingest + "/api/v1/notices", "Basic " + INVALID_TOKEN));
        answers.add(sendWithHeader(streams + "/api/v1/areas", "Bearer"));
        answers.add(sendWithHeader(alerts + "/api/v1/rules", INVALID_TOKEN));

        // then
        assertThat(answers).extracting(HttpResponse::statusCode).contains(200, 201, 202, 400, 401, 403, 404);
        String logs = output.getAll();
        assertThat(logs).as("DEBUG logging was on").contains("DEBUG");
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            // nor any of a JWT's three parts (its header, its claims, its signature)
            for (String part : secret.split("\\.")) {
                if (part.length() >= 16 && !secret.equals(part)) {
                    assertThat(logs).as("logs").doesNotContain(part);
                }
            }
        }
        assertThat(logs).doesNotContain(WEBHOOK_SECRET.substring(0, 5) + "\"").doesNotContain("Bearer ");
        for (HttpResponse<String> answer : answers) {
            for (String secret : secrets) {
                assertThat(answer.body()).as(answer.request().uri() + " " + answer.statusCode()).doesNotContain(secret);
            }
        }
    }

    /**
     * The in-process authorization server's client-credentials tokens carry one role each (the role's dev client:
     * PRACTICE:P00001, ICB:QE1, REGION:Y62, ADMIN) and the monitor's audience, and each works on every service's API
     * (the matrix above runs them on every endpoint; here one call per service that the role may make).
     */
    @Test
    void shouldIssueAClientCredentialsTokenOfEachRoleThatTheThreeServicesAcceptWhenAskedByThatRolesDevClient() throws Exception {
        // given
        Map<String, String> roleClaims = Map.of("PRACTICE", "PRACTICE:P00001", "ICB", "ICB:QE1", "REGION", "REGION:Y62", "ADMIN", "ADMIN");

        for (Map.Entry<String, String> entry : jwts.entrySet()) {
            // when
            String token = entry.getValue();
            JsonNode claims = json(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
            int ingestAnswer = send("GET", ingest + "/api/v1/notices?practiceCode=P00001", token, null, null).statusCode();
            int streamsAnswer = send("GET", streams + "/api/v1/areas", token, null, null).statusCode();
            int alertsAnswer = send("GET", alerts + "/api/v1/alerts" + (entry.getKey().equals("ADMIN") ? "" : "?area=QE1"), token, null, null).statusCode();

            // then
            assertThat(claims.path("iss").asString()).isEqualTo(stack.authorizationServer().issuer());
            assertThat(claims.path("aud").toString()).contains(DevAuthorizationServer.AUDIENCE);
            assertThat(claims.path("roles").toString()).isEqualTo("[\"" + roleClaims.get(entry.getKey()) + "\"]");
            assertThat(claims.path("name").asString()).startsWith("dev ");
            // a region reads no notices (403 is the rule answering, not a refused token); a practice uses no alerts
            assertThat(ingestAnswer).as(entry.getKey()).isEqualTo(entry.getKey().equals("REGION") ? 403 : 200);
            assertThat(streamsAnswer).as(entry.getKey()).isEqualTo(200);
            assertThat(alertsAnswer).as(entry.getKey()).isEqualTo(entry.getKey().equals("PRACTICE") ? 403 : 200);
        }
    }

    /** The pages' public client (for their sign-in): authorization code only with PKCE, back only to the pages. */
    @Test
    void shouldSendThePagesClientToSignInWithPkceAndRefuseItWithoutACodeChallenge() throws Exception {
        // given
        String issuer = stack.authorizationServer().issuer();
        String redirect = java.net.URLEncoder.encode(streams.replace("127.0.0.1", "localhost") + "/", StandardCharsets.UTF_8);
        String authorize = issuer + "/oauth2/authorize?response_type=code&client_id=" + DevAuthorizationServer.PAGES_CLIENT
                + "&scope=openid&state=s1&redirect_uri=" + redirect;
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

        // when
        // a browser's request (an API client without Accept: text/html is answered 401 instead of the sign-in form)
        HttpResponse<String> withPkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize + "&code_challenge=" + challenge
                + "&code_challenge_method=S256")).header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withoutPkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(authorize.replace(redirect,
                java.net.URLEncoder.encode("https://attacker.example/", StandardCharsets.UTF_8)) + "&code_challenge=" + challenge
                + "&code_challenge_method=S256")).GET().build(), HttpResponse.BodyHandlers.ofString());

        // then: to the sign-in form; without PKCE back to the page with an error; never to an address not registered
        assertThat(withPkce.statusCode()).isEqualTo(302);
        assertThat(withPkce.headers().firstValue("Location").orElse("")).isEqualTo(issuer + "/login");
        assertThat(withoutPkce.statusCode()).isEqualTo(302);
        assertThat(withoutPkce.headers().firstValue("Location").orElse("")).contains("error=invalid_request");
        assertThat(elsewhere.statusCode()).as(elsewhere.headers().map().toString()).isIn(302, 400);
        assertThat(elsewhere.headers().firstValue("Location").orElse("")).doesNotContain("attacker.example");
    }

    // ------------------------------------------------------------------ roles and targets

    /** A client-credentials access token of the stack's authorization server for the client of {@code role}. */
    private String jwt(String role) {
        return switch (role) {
            case "NONE" -> null;
            case "INVALID" -> invalidJwt;
            default -> jwts.get(role);
        };
    }

    static String clientCredentialsToken(String tokenEndpoint, String client) throws IOException, InterruptedException {
        String basic = java.util.Base64.getEncoder().encodeToString((client + ":" + DevAuthorizationServer.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(client + ": " + response.body()).isEqualTo(200);
        return json(response.body()).path("access_token").asString();
    }

    private static String token(String role) {
        return switch (role) {
            case "NONE" -> null;
            case "INVALID" -> INVALID_TOKEN;
            case "PRACTICE" -> "dev-practice-P00001";
            case "ICB" -> "dev-icb-QE1";
            case "REGION" -> "dev-region-Y62";
            case "ADMIN" -> ADMIN_TOKEN;
            default -> throw new IllegalArgumentException(role);
        };
    }

    private static String practiceFor(String role, String target) {
        boolean own = target.equals("own");
        return switch (role) {
            case "PRACTICE" -> own ? "P00001" : "P00002";
            case "ICB" -> own ? "P00002" : "P00004";
            default -> own ? "P00001" : "P00004";
        };
    }

    private static String areaFor(String role, String target) {
        if (!target.equals("own") && !target.equals("other")) {
            return target;
        }
        boolean own = target.equals("own");
        return switch (role) {
            case "PRACTICE", "ICB" -> own ? "QE1" : "QHM";
            default -> own ? "Y62" : "Y63";
        };
    }

    /** Alerts fire for ICBs: QE1 is inside region Y62 (every role's "own" alert), QHM inside Y63 (the "other"). */
    private static String alertAreaFor(String target) {
        return target.equals("own") ? "QE1" : "QHM";
    }

    // ------------------------------------------------------------------ requests

    private static String notice(String noticeId, String practice) {
        return """
                {"noticeId":"%s","practiceCode":"%s","action":"STOP_ADVICE_AND_GUIDANCE","effectiveFrom":"2024-08-01","submittedBy":"PM"}"""
                .formatted(noticeId, practice);
    }

    private static String report(String practice) {
        return """
                {"practiceCode":"%s","day":"2024-08-01","clinicianSessions":10,"patientContacts":240,"cappedSessions":4,
                 "urgentCareDiversions":7,"agRequests":3,"referrals":12,"onlineRequests":55}""".formatted(practice);
    }

    private static String subscription(String area) {
        return "{\"area\":\"" + area + "\",\"webhook\":{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"" + WEBHOOK_SECRET + "\"}}";
    }

    private Optional<String> firingAlert(String area) {
        try {
            HttpResponse<String> response = send("GET", alerts + "/api/v1/alerts?state=FIRING&area=" + area, ADMIN_TOKEN, null, null);
            if (response.statusCode() == 200) {
                for (JsonNode alert : json(response.body())) {
                    if (alert.path("area").asString().equals(area)) {
                        return Optional.of(alert.path("alertId").asString());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    static HttpResponse<String> send(String method, String url, String token, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> sendWithHeader(String url, String authorization) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** An event stream answers its status with the headers and then stays open: read the status, then hang up. */
    static HttpResponse<String> openStream(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        String body = "";
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        String text = body;
        return new HttpResponse<>() {
            public int statusCode() {
                return response.statusCode();
            }

            public HttpRequest request() {
                return response.request();
            }

            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            public java.net.http.HttpHeaders headers() {
                return response.headers();
            }

            public String body() {
                return text;
            }

            public Optional<javax.net.ssl.SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return response.uri();
            }

            public HttpClient.Version version() {
                return response.version();
            }
        };
    }

    static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    static <T> T await(Supplier<Optional<T>> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing arrived within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
