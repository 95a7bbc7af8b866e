package uk.nhs.impactmonitor.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;

/**
 * Outside the dev profile a service refuses to start with the public development credentials or without an admin
 * token of its own (missing, a known default, too short); in the dev profile (the local stack's) both are fine.
 * The build runs tests in the dev profile (surefire sets spring.profiles.active=dev), so each case names its profile.
 */
class CredentialPolicyTest {

    static final String GOOD_TOKEN = "a3f9c1e7b2d84f60a9e1c7b3d5f2e8a4";

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration.class,
                    org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
                    org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration.class,
                    MonitorSecurityConfiguration.class))
            .withUserConfiguration(Directory.class);

    @Configuration(proxyBeanMethods = false)
    static class Directory {
        @Bean
        PracticeDirectory practiceDirectory() {
            return SyntheticDirectory.build();
        }
    }

    @Test
    void shouldStartWhenOutsideDevTheAdminTokenIsLongRandomAndDevCredentialsAreOff() {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CredentialStore store = context.getBean(CredentialStore.class);
                    assertThat(store.find(GOOD_TOKEN)).map(MonitorPrincipal::role).contains(Role.ADMIN);
                    assertThat(store.find(DevCredentials.ADMIN_TOKEN)).isEmpty();
                });
    }

    @Test
    void shouldRefuseToStartWhenDevCredentialsAreOnOutsideTheDevProfile() {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN,
                        "monitor.security.dev-credentials=true")
                .run(context -> assertFailedWith(context, "monitor.security.dev-credentials=true is allowed only in the 'dev' or 'local' profile"));
    }

    @Test
    void shouldRefuseToStartWhenTheAdminTokenIsMissingOutsideTheDevProfile() {
        runner.withPropertyValues("spring.profiles.active=production")
                .run(context -> assertFailedWith(context, "monitor.security.admin-token is required outside the 'dev' profile"));
    }

    @Test
    void shouldRefuseToStartWhenNoProfileIsActiveAndTheAdminTokenIsBlank() {
        // "default" is Spring's name for "no profile set": a service started without thinking about it is not dev
        runner.withPropertyValues("spring.profiles.active=default", "monitor.security.admin-token=   ")
                .run(context -> assertFailedWith(context, "monitor.security.admin-token is required outside the 'dev' profile"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-admin", "change-me", "CHANGEME", "test-admin-token", "password"})
    void shouldRefuseToStartWhenTheAdminTokenIsAKnownDefaultOutsideTheDevProfile(String token) {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + token)
                .run(context -> {
                    assertFailedWith(context, "monitor.security.admin-token is a known default value");
                    // the message names the setting, never the secret
                    assertThat(rootCause(context).getMessage()).doesNotContain(token);
                });
    }

    @Test
    void shouldRefuseToStartWhenTheAdminTokenIsShorterThan32CharactersOutsideTheDevProfile() {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN.substring(0, 31))
                .run(context -> assertFailedWith(context, "monitor.security.admin-token is too short (31 characters"));
    }

    @Test
    void shouldStartWithDevCredentialsAndNoAdminTokenWhenTheDevProfileIsActive() {
        runner.withPropertyValues("spring.profiles.active=dev", "monitor.security.dev-credentials=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CredentialStore.class).find(DevCredentials.ADMIN_TOKEN)).map(MonitorPrincipal::role).contains(Role.ADMIN);
                });
    }

    @Test
    void shouldStartWithDevCredentialsWhenTheLocalProfileIsActive() {
        runner.withPropertyValues("spring.profiles.active=local", "monitor.security.dev-credentials=true", "monitor.security.admin-token=dev-admin")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void shouldRefuseToStartWhenJwtsAreOnWithoutAnAudienceOutsideTheDevProfile() {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN,
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://login.microsoftonline.com/tenant-id/v2.0")
                .run(context -> assertFailedWith(context, "monitor.security.jwt.audience is required when JWTs are accepted"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"issuer-uri", "jwk-set-uri"})
    void shouldRefuseToStartWhenTheIdentityProviderIsNotOnHttpsOutsideTheDevProfile(String setting) {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN,
                        "monitor.security.jwt.audience=api://impact-monitor",
                        "spring.security.oauth2.resourceserver.jwt." + setting + "=http://idp.example.org/keys")
                .run(context -> assertFailedWith(context, "spring.security.oauth2.resourceserver.jwt." + setting + " must be an https:// address"));
    }

    @Test
    void shouldStartWhenJwtsAreOnOverHttpsWithAnAudienceOutsideTheDevProfile() {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN,
                        "monitor.security.jwt.audience=api://impact-monitor,11111111-2222-3333-4444-555555555555",
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://login.microsoftonline.com/tenant-id/v2.0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MonitorSecurityProperties.class).jwt().audience())
                            .containsExactly("api://impact-monitor", "11111111-2222-3333-4444-555555555555");
                    assertThat(context.getBean(MonitorSecurityProperties.class).jwt().rolesClaim()).isEqualTo("roles");
                    assertThat(context).hasSingleBean(org.springframework.security.oauth2.jwt.JwtDecoder.class);
                });
    }

    @Test
    void shouldStartAsBeforeWithoutAJwtDecoderWhenNoIdentityProviderIsConfigured() {
        runner.withPropertyValues("spring.profiles.active=production", "monitor.security.admin-token=" + GOOD_TOKEN)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(org.springframework.security.oauth2.jwt.JwtDecoder.class);
                });
    }

    private static void assertFailedWith(AssertableWebApplicationContext context, String message) {
        assertThat(context).hasFailed();
        assertThat(rootCause(context)).isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
    }

    private static Throwable rootCause(AssertableWebApplicationContext context) {
        Throwable cause = context.getStartupFailure();
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
