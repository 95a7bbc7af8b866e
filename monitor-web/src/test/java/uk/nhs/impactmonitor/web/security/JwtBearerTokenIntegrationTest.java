package uk.nhs.impactmonitor.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * JWT bearer tokens on a running service (the shared security of monitor-web with one endpoint of the access rules),
 * trusting a loopback identity provider that publishes its JWK set ({@link TestIdentityProvider}) through Spring
 * Boot's standard {@code issuer-uri}. Every way a token can be wrong is a 401 problem naming why; a good token of a
 * role that may not read the area is a 403; static tokens still work; and with Spring Security and our packages at
 * TRACE/DEBUG, no part of any token appears in the log.
 *
 * <p>Synthetic directory: Z00001 is in ICB QKK, region Y56 (London); QE1 is in Y62.
 */
@SpringBootTest(classes = JwtBearerTokenIntegrationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "monitor.security.jwt.audience=" + TestIdentityProvider.AUDIENCE,
        "monitor.security.admin-token=" + JwtBearerTokenIntegrationTest.STATIC_ADMIN,
        "logging.level.org.springframework.security=TRACE",
        "logging.level.uk.nhs.impactmonitor=DEBUG",
        "logging.level.org.springframework.web=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerTokenIntegrationTest {

    static final String STATIC_ADMIN = "static-admin-token-for-the-jwt-test-0123456789";
    static final TestIdentityProvider IDP = TestIdentityProvider.start();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void trustTheTestProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", IDP::issuer);
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        /** What a service's endpoint does: one access decision on the caller, whatever its credential. */
        @RestController
        static class AreaController {
            private final PracticeDirectory directory;

            AreaController(PracticeDirectory directory) {
                this.directory = directory;
            }

            @GetMapping("/api/v1/areas/{area}/caller")
            Map<String, Object> caller(@PathVariable String area) {
                MonitorPrincipal caller = CurrentCaller.get();
                CurrentCaller.require(caller.mayReadArea(area, directory), "read the indicators of " + area);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", caller.name());
                body.put("role", caller.role().name());
                body.put("scope", caller.scope());
                body.put("credential", caller.credential().name());
                body.put("subject", caller.subject());
                return body;
            }
        }
    }

    static Stream<Arguments> refusals() {
        Instant now = Instant.now();
        Function<String, Date> hoursFromNow = h -> Date.from(now.plus(Duration.ofHours(Long.parseLong(h))));
        return Stream.of(
                Arguments.of("expired", IDP.token("ADMIN", c -> c.issueTime(hoursFromNow.apply("-2"))
                        .notBeforeTime(hoursFromNow.apply("-2")).expirationTime(hoursFromNow.apply("-1"))), "it has expired"),
                Arguments.of("not yet valid", IDP.token("ADMIN", c -> c.notBeforeTime(hoursFromNow.apply("1"))), "it is not valid yet"),
                Arguments.of("wrong issuer", IDP.token("ADMIN", c -> c.issuer("https://login.example.org/other/v2.0")), "another issuer"),
                Arguments.of("wrong audience", IDP.token("ADMIN", c -> c.audience("api://another-application")), "another audience"),
                Arguments.of("no audience", IDP.token("ADMIN", c -> c.audience((String) null)), "another audience"),
                Arguments.of("bad signature", IDP.signWithAnotherKey(IDP.claims("mallory", List.of("ADMIN")).build()), "signature does not verify"),
                Arguments.of("alg none", IDP.unsigned(IDP.claims("mallory", List.of("ADMIN")).build()), "unsigned, or signed with an algorithm"),
                Arguments.of("HS256 with the public key", IDP.hs256WithThePublicKey(IDP.claims("mallory", List.of("ADMIN")).build()),
                        "unsigned, or signed with an algorithm"),
                Arguments.of("tampered payload", tamper(IDP.token("ICB:QKK")), "signature does not verify"),
                Arguments.of("no role claim", IDP.sign(IDP.claims("nobody", null).build()), "no monitor role"),
                Arguments.of("only other applications' roles", IDP.sign(IDP.claims("reader", List.of("Reader", "Task.Write")).build()), "no monitor role"),
                Arguments.of("two roles", IDP.sign(IDP.claims("two-hats", List.of("ICB:QKK", "REGION:Y56")).build()), "one role per token"),
                Arguments.of("a region role naming an ICB", IDP.token("REGION:QKK"), "does not know"),
                Arguments.of("an unknown practice", IDP.token("PRACTICE:NOPE99"), "does not know"),
                Arguments.of("no subject", IDP.sign(IDP.claims(null, List.of("ADMIN")).build()), "no subject"));
    }

    /** The payload of an ICB token rewritten to say ADMIN, the signature kept. */
    static String tamper(String token) {
        String[] parts = token.split("\\.");
        var decoder = java.util.Base64.getUrlDecoder();
        var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        String payload = new String(decoder.decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8).replace("ICB:QKK", "ADMIN");
        return parts[0] + "." + encoder.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldAnswer401ProblemNamingWhyWhenTheJwtIsRefused(String why, String token, String reason, CapturedOutput output) throws Exception {
        // given: a token wrong in one way

        // when
        HttpResponse<String> response = get("/api/v1/areas/QKK/caller", token);

        // then
        assertThat(response.statusCode()).as(why + ": " + response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("title").asString()).isEqualTo("Authentication required");
        assertThat(problem.path("detail").asString()).contains("The bearer token was refused").contains(reason);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer error=\"invalid_token\"");
        assertNothingOfTheTokenIn(token, response.body());
        assertNothingOfTheTokenIn(token, output.getAll());
        assertThat(output.getAll()).as("TRACE logging was on").contains("TRACE");
    }

    @Test
    void shouldLetAValidJwtReadWhatItsRoleMayReadAsTheSamePrincipalAStaticTokenGives(CapturedOutput output) throws Exception {
        // given
        String token = IDP.token("ICB:QKK", c -> c.claim("name", "Ann Planner"));

        // when
        HttpResponse<String> own = get("/api/v1/areas/QKK/caller", token);
        HttpResponse<String> other = get("/api/v1/areas/QE1/caller", token);

        // then: the ICB reads its own area; another ICB's is 403 as for a static ICB credential
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        JsonNode caller = Json.MAPPER.readTree(own.body());
        assertThat(caller.path("role").asString()).isEqualTo("ICB");
        assertThat(caller.path("scope").asString()).isEqualTo("QKK");
        assertThat(caller.path("credential").asString()).isEqualTo("JWT");
        assertThat(caller.path("subject").asString()).isEqualTo("user-icb-qkk");
        assertThat(caller.path("name").asString()).isEqualTo("Ann Planner");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Json.MAPPER.readTree(other.body()).path("detail").asString()).isEqualTo("Ann Planner may not read the indicators of QE1");
        assertNothingOfTheTokenIn(token, output.getAll());
    }

    @Test
    void shouldApplyTheSameRulesToEveryRoleWhenTheRoleComesFromAJwt() throws Exception {
        // given: api.md: a region reads itself and its ICBs, not England; a practice reads no indicators; admin reads England
        record Case(String role, String area, int expected) {
        }
        List<Case> cases = List.of(new Case("REGION:Y56", "Y56", 200), new Case("REGION:Y56", "QKK", 200), new Case("REGION:Y56", "QE1", 403),
                new Case("REGION:Y56", "ENG", 403), new Case("PRACTICE:Z00001", "QKK", 403), new Case("ADMIN", "ENG", 200),
                new Case("icb:qkk", "QKK", 200));

        for (Case c : cases) {
            // when
            HttpResponse<String> response = get("/api/v1/areas/" + c.area() + "/caller", IDP.token(c.role()));

            // then
            assertThat(response.statusCode()).as(c + ": " + response.body()).isEqualTo(c.expected());
        }
    }

    @Test
    void shouldStillAcceptStaticTokensAndRefuseUnknownOnesAsBeforeWhenJwtsAreOn() throws Exception {
        // when
        HttpResponse<String> known = get("/api/v1/areas/ENG/caller", STATIC_ADMIN);
        HttpResponse<String> unknown = get("/api/v1/areas/ENG/caller", "not-a-token-" + STATIC_ADMIN);
        HttpResponse<String> none = get("/api/v1/areas/ENG/caller", null);

        // then
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(known.body()).path("credential").asString()).isEqualTo("STATIC");
        for (HttpResponse<String> refused : List.of(unknown, none)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(refused.body()).path("detail").asString())
                    .isEqualTo("Send a known credential as 'Authorization: Bearer <token>'.");
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Neither the token nor any of its three parts (the header, the claims, the signature) appears. */
    static void assertNothingOfTheTokenIn(String token, String text) {
        assertThat(text).doesNotContain(token);
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                assertThat(text).doesNotContain(part);
            }
        }
    }
}
