package uk.nhs.impactmonitor.web.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An identity provider for tests: an RSA key made here, whose public half (the JWK set) and OpenID metadata a loopback
 * HTTP server publishes, and tokens signed with it (or, for the refusal cases, signed wrongly). A service configured
 * with {@code spring.security.oauth2.resourceserver.jwt.issuer-uri=}{@link #issuer()} discovers the keys from it as it
 * would from Entra ID.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String AUDIENCE = "api://impact-monitor-test";

    private final RSAKey key;
    private final HttpServer server;
    private final String issuer;

    private TestIdentityProvider() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/idp";
        String metadata = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\",\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"subject_types_supported\":[\"public\"],\"response_types_supported\":[\"code\"]}";
        publish("/idp/.well-known/openid-configuration", metadata);
        publish("/idp/.well-known/oauth-authorization-server", metadata);
        publish("/idp/jwks", new JWKSet(key.toPublicJWK()).toString());
        server.start();
    }

    public static TestIdentityProvider start() {
        try {
            return new TestIdentityProvider();
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    public String issuer() {
        return issuer;
    }

    /** Valid claims for one subject holding {@code roles} (a string, a list, or null for none): an hour to live. */
    public JWTClaimsSet.Builder claims(String subject, Object roles) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(AUDIENCE).subject(subject).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        return claims;
    }

    /** A valid token of one role value ({@code ADMIN}, {@code ICB:QE1} ...). */
    public String token(String role) {
        return sign(claims("user-" + role.toLowerCase().replace(':', '-'), List.of(role)).build());
    }

    public String token(String role, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims("user-" + role.toLowerCase().replace(':', '-'), List.of(role))).build());
    }

    /** RS256 with this provider's key. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    /** RS256 with another key under this provider's key id: the signature cannot verify. */
    public String signWithAnotherKey(JWTClaimsSet claims) {
        try {
            return sign(claims, new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}. */
    public String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** HS256 with the provider's public key as the HMAC secret: the algorithm-confusion attack. */
    public String hs256WithThePublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
