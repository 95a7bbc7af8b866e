package uk.nhs.impactmonitor.web.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignInPropertiesTest {

    @Test
    void shouldBeOffWhenNothingIsConfigured() {
        // when
        SignInProperties properties = new SignInProperties(null, null, null, null, null);

        // then
        assertThat(properties.enabled()).isFalse();
        assertThat(properties.scopes()).containsExactly("openid", "profile");
    }

    @Test
    void shouldRefuseToStartNamingWhatIsMissingWhenOnlyPartIsConfigured() {
        // when / then
        assertThatThrownBy(() -> new SignInProperties("monitor-pages", null, URI.create("https://login.example.org/authorize"), null, List.of("openid")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("monitor.security.sign-in: token-endpoint missing");
    }

    @Test
    void shouldRefuseAnEndpointThatIsNotAnAbsoluteHttpUrl() {
        // when / then
        assertThatThrownBy(() -> new SignInProperties("monitor-pages", null, URI.create("/authorize"), URI.create("https://login.example.org/token"),
                List.of("openid")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/authorize' is not an absolute http(s) URL");
    }
}
