package uk.nhs.impactmonitor.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signature against RFC 4231's published HMAC-SHA256 test vector, and the receiver's check. */
class SignatureTest {

    // RFC 4231, test case 2
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    private static final String KEY = "Jefe";
    private static final String EXPECTED = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void shouldMatchRfc4231VectorWhenSigningBody() {
        // when
        String signature = Signature.of(DATA, KEY);

        // then
        assertThat(signature).isEqualTo(EXPECTED);
    }

    @Test
    void shouldRejectSignatureWhenBodyOrSecretDiffers() {
        // then
        assertThat(Signature.verify(DATA, KEY, EXPECTED)).isTrue();
        assertThat(Signature.verify("what do ya want for nothing!".getBytes(StandardCharsets.UTF_8), KEY, EXPECTED)).isFalse();
        assertThat(Signature.verify(DATA, "jefe", EXPECTED)).isFalse();
        assertThat(Signature.verify(DATA, KEY, null)).isFalse();
    }
}
