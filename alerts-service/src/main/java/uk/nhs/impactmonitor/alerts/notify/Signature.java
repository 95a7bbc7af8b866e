package uk.nhs.impactmonitor.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>}, keyed with the subscription's
 * secret: the receiver knows the message is ours and unaltered.
 */
public final class Signature {

    public static final String HEADER = "X-Signature";
    private static final String PREFIX = "sha256=";

    private Signature() {
    }

    public static String of(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    /** Constant-time check, as a receiver should do it. */
    public static boolean verify(byte[] body, String secret, String header) {
        return header != null && MessageDigest.isEqual(of(body, secret).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
