package uk.nhs.impactmonitor.alerts.subscription;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook secrets before they go to {@code alerts-subscriptions} (AES-GCM, a fresh 96-bit IV each time,
 * the subscription id as associated data so a ciphertext cannot be moved to another subscription). The secret is
 * the HMAC key receivers check signatures with, so whoever reads the topic could otherwise sign as this service.
 * Without a key (development only) secrets are stored in clear, as before.
 */
public final class SecretCipher {

    static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(SecretKeySpec key) {
        this.key = key;
    }

    /** No key: secrets stay in clear. */
    public static SecretCipher none() {
        return new SecretCipher(null);
    }

    /**
     * @param base64Key   {@code monitor.alerts.webhooks.secret-key}: 16, 24 or 32 random bytes, base64 ({@code openssl rand -base64 32})
     * @param development whether this is a development run ({@code monitor.security.dev-credentials}): only there
     *                    may the key be missing
     */
    public static SecretCipher of(String base64Key, boolean development) {
        if (base64Key == null || base64Key.isBlank()) {
            if (!development) {
                throw new IllegalStateException("monitor.alerts.webhooks.secret-key is required outside development (webhook secrets are "
                        + "encrypted with it in alerts-subscriptions): set it to 32 random bytes in base64, e.g. openssl rand -base64 32");
            }
            return none();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("monitor.alerts.webhooks.secret-key is not base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException("monitor.alerts.webhooks.secret-key must be 16, 24 or 32 bytes (base64), not " + bytes.length);
        }
        return new SecretCipher(new SecretKeySpec(bytes, "AES"));
    }

    public boolean encrypts() {
        return key != null;
    }

    public String encrypt(String subscriptionId, String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JVM", e);
        }
    }

    /** @throws IllegalStateException when there is no key, or the value was not sealed with this key for this subscription */
    public String decrypt(String subscriptionId, String sealed) {
        if (key == null) {
            throw new IllegalStateException("the webhook secret of subscription " + subscriptionId
                    + " is encrypted: set monitor.alerts.webhooks.secret-key to the key it was encrypted with");
        }
        try {
            if (!sealed.startsWith(PREFIX)) {
                throw new IllegalArgumentException("unknown format");
            }
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the webhook secret of subscription " + subscriptionId
                    + " does not decrypt with monitor.alerts.webhooks.secret-key (another key?)");
        }
    }
}
