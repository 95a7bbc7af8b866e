package uk.nhs.impactmonitor.alerts.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Webhook secrets at rest: AES-GCM bound to the subscription, and no start without a key outside development. */
class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void shouldRoundTripSecretWithoutItAppearingInTheStoredFormWhenKeyIsSet() {
        // given
        SecretCipher cipher = SecretCipher.of(KEY, false);

        // when
        String sealed = cipher.encrypt("sub-1", "london-webhook-secret");
        String again = cipher.encrypt("sub-1", "london-webhook-secret");

        // then: a fresh IV each time, nothing of the secret in the stored form, and it reads back
        assertThat(sealed).startsWith("v1:").doesNotContain("london").isNotEqualTo(again);
        assertThat(cipher.decrypt("sub-1", sealed)).isEqualTo("london-webhook-secret");
        assertThat(cipher.decrypt("sub-1", again)).isEqualTo("london-webhook-secret");
    }

    @Test
    void shouldRefuseToDecryptWhenKeyDiffersOrCiphertextWasMovedToAnotherSubscription() {
        // given
        String sealed = SecretCipher.of(KEY, false).encrypt("sub-1", "london-webhook-secret");

        // when / then
        assertThatThrownBy(() -> SecretCipher.of(OTHER_KEY, false).decrypt("sub-1", sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not decrypt").hasMessageNotContaining("london");
        assertThatThrownBy(() -> SecretCipher.of(KEY, false).decrypt("sub-2", sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretCipher.none().decrypt("sub-1", sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alerts.webhooks.secret-key");
    }

    @Test
    void shouldRefuseToStartWithoutKeyOutsideDevelopmentAndKeepSecretsInClearInDevelopment() {
        // when / then
        assertThatThrownBy(() -> SecretCipher.of(null, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alerts.webhooks.secret-key is required outside development");
        assertThatThrownBy(() -> SecretCipher.of("bm90LWEta2V5", true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16, 24 or 32 bytes");
        assertThat(SecretCipher.of(null, true).encrypts()).isFalse();
        assertThat(SecretCipher.of(KEY, true).encrypts()).isTrue();
    }
}
