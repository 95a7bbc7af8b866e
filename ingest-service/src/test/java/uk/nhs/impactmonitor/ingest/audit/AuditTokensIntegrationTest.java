package uk.nhs.impactmonitor.ingest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import uk.nhs.impactmonitor.domain.audit.AuditAction;
import uk.nhs.impactmonitor.domain.audit.AuditEvent;
import uk.nhs.impactmonitor.domain.audit.AuditEvent.Credential;
import uk.nhs.impactmonitor.ingest.IngestHttp;
import uk.nhs.impactmonitor.ingest.IngestKafkaTest;
import uk.nhs.impactmonitor.ingest.TopicReader;
import uk.nhs.impactmonitor.web.security.TestIdentityProvider;

/**
 * Tokens never reach the audit trail nor the log (issue 18): requests with a recognisable static token and with JWTs
 * signed by a loopback identity provider (accepted, refused as expired, and refused by an access rule), then neither
 * token text is in any record of {@code audit-log} nor in anything the service logged, with our packages and Spring
 * Security at DEBUG. The JWT's subject, not its token, is the actor.
 */
@IngestKafkaTest
@TestPropertySource(properties = {
        "monitor.security.jwt.audience=" + TestIdentityProvider.AUDIENCE,
        "logging.level.uk.nhs.impactmonitor=DEBUG",
        "logging.level.org.springframework.security=DEBUG",
        "logging.level.org.springframework.web=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class AuditTokensIntegrationTest {

    /** A static token no log line or event could contain by chance. */
    static final String STATIC_TOKEN = "audit-static-token-Zq7RkX2vNw9LbY4cTf8H";
    static final String UNKNOWN_TOKEN = "audit-unknown-token-Mv3PxJ6sQd1GhW5nKe0U";
    static final TestIdentityProvider IDP = TestIdentityProvider.start();

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", IDP::issuer);
        // a list binds from one property source: all of the credential here
        registry.add("monitor.security.credentials[0].name", () -> "audit uploader");
        registry.add("monitor.security.credentials[0].role", () -> "ADMIN");
        registry.add("monitor.security.credentials[0].token-sha256", () -> sha256(STATIC_TOKEN));
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Test
    void shouldWriteNoTokenToTheAuditTrailOrTheLogWhenStaticAndJwtCallersActAndAreRefused(CapturedOutput output) {
        // given
        IngestHttp http = new IngestHttp(port);
        AuditRecording audit = new AuditRecording(http, new TopicReader(broker.getBrokersAsString()), broker.getBrokersAsString());
        String icbJwt = IDP.token("ICB:QKK");
        String expiredJwt = IDP.token("ADMIN", c -> c.issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                .notBeforeTime(Date.from(Instant.now().minus(Duration.ofHours(2)))).expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1)))));
        String id = "audit-tokens-" + UUID.randomUUID();

        // when
        List<AuditEvent> events = audit.during(() -> {
            assertThat(http.postJson("/api/v1/notices", STATIC_TOKEN, """
                    {"noticeId": "%s", "practiceCode": "Z00001", "action": "STOP_ADVICE_AND_GUIDANCE",
                     "effectiveFrom": "2024-08-01", "submittedBy": "Practice manager"}""".formatted(id)).status()).isEqualTo(202);
            assertThat(http.get("/api/v1/notices?icb=QKK", icbJwt).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/notices?icb=QE1", icbJwt).status()).isEqualTo(403);
            assertThat(http.get("/api/v1/notices", expiredJwt).status()).isEqualTo(401);
            assertThat(http.get("/api/v1/notices", UNKNOWN_TOKEN).status()).isEqualTo(401);
            assertThat(http.get("/api/v1/audit?actor=audit%20uploader", STATIC_TOKEN).status()).isEqualTo(200);
        });

        // then: the actors are named by subject and credential kind ...
        assertThat(events).extracting(AuditEvent::action).containsExactly(AuditAction.NOTICE_DECLARED, AuditAction.NOTICES_READ,
                AuditAction.REQUEST_REFUSED, AuditAction.REQUEST_REFUSED, AuditAction.REQUEST_REFUSED, AuditAction.AUDIT_READ);
        assertThat(events.get(0).actor()).isEqualTo(new AuditEvent.Actor("audit uploader", "audit uploader", "ADMIN", null, Credential.STATIC));
        assertThat(events.get(1).actor()).isEqualTo(new AuditEvent.Actor("user-icb-qkk", "user-icb-qkk", "ICB", "QKK", Credential.JWT));
        assertThat(events.get(2).actor()).isEqualTo(events.get(1).actor());
        assertThat(events.get(2).status()).isEqualTo(403);
        assertThat(events.get(3).detail()).containsEntry("reason", "JWT refused: it has expired");
        assertThat(events.get(3).actor().credential()).isEqualTo(Credential.NONE);
        assertThat(events.get(4).detail()).containsEntry("reason", "unknown credential");
        // ... and no token, nor any part of a JWT, is in any record of the trail or any line of the log
        List<String> secrets = List.of(STATIC_TOKEN, UNKNOWN_TOKEN, icbJwt, expiredJwt, signatureOf(icbJwt), signatureOf(expiredJwt),
                payloadOf(icbJwt));
        List<String> records = audit.rawValues();
        assertThat(records).isNotEmpty();
        for (String secret : secrets) {
            assertThat(records).noneSatisfy(record -> assertThat(record).contains(secret));
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(records).noneSatisfy(record -> assertThat(record).containsIgnoringCase("bearer"));
    }

    static String signatureOf(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    static String payloadOf(String jwt) {
        return jwt.split("\\.")[1];
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
