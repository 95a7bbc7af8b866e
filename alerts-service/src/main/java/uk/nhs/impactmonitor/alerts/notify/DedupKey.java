package uk.nhs.impactmonitor.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What lets a receiver drop a notification it already has. Delivery is at least once: a message the receiver
 * took but whose answer never reached the service (stopped or crashed mid-delivery), or that was answered but
 * not yet recorded in the notification log, is sent again after a restart. The resend is worked out from the
 * same state (alert, log), so it carries the same keys, and a receiver that keeps the keys it has seen drops it.
 * <p>
 * Per alert of a message (annotation {@value #ANNOTATION}): a hash of the receiver's {@code groupKey}, the item
 * (alert id = {@code fingerprint}, or the silence notice), {@code status}, severity, {@code startsAt}, when the
 * alert last changed state or severity ({@code transitionAt}: a second escalation within one episode is news)
 * and the repeat number (1 for the first notification of a state, n for the n-th repeat while unacknowledged).
 * Per message (header {@value #HEADER}): a hash of its alerts' keys, so a message resent unchanged has the same
 * one; a resend may also carry alerts that became due meanwhile, so the per-alert key is the one to dedup on.
 */
public final class DedupKey {

    public static final String ANNOTATION = "dedupKey";
    public static final String HEADER = "Idempotency-Key";

    private DedupKey() {
    }

    public static String of(String groupKey, String item, String status, String severity, Object startsAt, Object transitionAt, int repeat) {
        return hash(String.join("\n", groupKey, item, status, Objects.toString(severity), Objects.toString(startsAt),
                Objects.toString(transitionAt), Integer.toString(repeat)));
    }

    /** The message's key: its alerts' keys, in the order sent (the plan orders them the same way every time). */
    public static String ofMessage(WebhookMessage message) {
        List<String> keys = message.alerts().stream().map(a -> Objects.toString(a.annotations().get(ANNOTATION), a.fingerprint())).toList();
        return hash(message.groupKey() + "\n" + String.join("\n", keys));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
