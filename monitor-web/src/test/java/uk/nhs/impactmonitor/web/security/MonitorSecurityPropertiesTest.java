package uk.nhs.impactmonitor.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MonitorSecurityPropertiesTest {

    @Test
    void shouldGiveTheDocumentedDefaultsWhenBoundWithNoProperties() {
        // when
        MonitorSecurityProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("monitor.security", MonitorSecurityProperties.class);

        // then: no admin token, no credentials, no development credentials, JWTs with any audience and the roles claim
        assertThat(properties.adminToken()).isNull();
        assertThat(properties.credentials()).isEmpty();
        assertThat(properties.devCredentials()).isFalse();
        assertThat(properties.jwt().audience()).isEmpty();
        assertThat(properties.jwt().rolesClaim()).isEqualTo("roles");
    }

    @Test
    void shouldKeepTheRolesClaimDefaultWhenBuiltByHandWithoutJwtSettings() {
        // when
        MonitorSecurityProperties properties = new MonitorSecurityProperties(null, null, false);

        // then
        assertThat(properties.credentials()).isEmpty();
        assertThat(properties.jwt().rolesClaim()).isEqualTo("roles");
    }
}
