package uk.nhs.impactmonitor.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;

class MonitorPrincipalTest {

    static final PracticeDirectory DIRECTORY = SyntheticDirectory.build();
    // Z00001 is the first synthetic practice: ICB QKK in London (Y56); QE1 is in the North West (Y62)
    static final String OWN_PRACTICE = "Z00001";
    static final String OTHER_PRACTICE = DIRECTORY.practicesIn("QE1").get(0).code();

    @Test
    void shouldLetAPracticeActOnlyForItself() {
        MonitorPrincipal practice = new MonitorPrincipal("p", Role.PRACTICE, OWN_PRACTICE);
        assertThat(practice.mayActForPractice(OWN_PRACTICE, DIRECTORY)).isTrue();
        assertThat(practice.mayActForPractice(OTHER_PRACTICE, DIRECTORY)).isFalse();
        assertThat(practice.mayReadArea("QKK", DIRECTORY)).isFalse();
        assertThat(practice.mayManageAlertsOf("QKK", DIRECTORY)).isFalse();
    }

    @Test
    void shouldLetAnIcbActForItsPracticesAndReadOnlyItself() {
        MonitorPrincipal icb = new MonitorPrincipal("i", Role.ICB, "QKK");
        assertThat(icb.mayActForPractice(OWN_PRACTICE, DIRECTORY)).isTrue();
        assertThat(icb.mayActForPractice(OTHER_PRACTICE, DIRECTORY)).isFalse();
        assertThat(icb.mayActForPractice("NOPE00", DIRECTORY)).isFalse();
        assertThat(icb.mayReadArea("QKK", DIRECTORY)).isTrue();
        assertThat(icb.mayReadArea("Y56", DIRECTORY)).isFalse();
        assertThat(icb.mayReadArea("ENG", DIRECTORY)).isFalse();
        assertThat(icb.mayReadNoticesOfIcb("QKK")).isTrue();
        assertThat(icb.mayReadNoticesOfIcb("QE1")).isFalse();
        assertThat(icb.mayManageAlertsOf("QKK", DIRECTORY)).isFalse();
    }

    @Test
    void shouldLetARegionReadAndManageItselfAndItsIcbsOnly() {
        MonitorPrincipal region = new MonitorPrincipal("r", Role.REGION, "Y56");
        assertThat(region.mayReadArea("Y56", DIRECTORY)).isTrue();
        assertThat(region.mayReadArea("QKK", DIRECTORY)).isTrue();
        assertThat(region.mayReadArea("QE1", DIRECTORY)).isFalse();
        assertThat(region.mayReadArea("Y62", DIRECTORY)).isFalse();
        assertThat(region.mayReadArea("ENG", DIRECTORY)).isFalse();
        assertThat(region.mayManageAlertsOf("QKK", DIRECTORY)).isTrue();
        assertThat(region.mayManageAlertsOf("QE1", DIRECTORY)).isFalse();
        assertThat(region.mayActForPractice(OWN_PRACTICE, DIRECTORY)).isFalse();
        assertThat(region.mayReadNoticesOfIcb("QKK")).isFalse();
    }

    @Test
    void shouldLetAdminDoEverything() {
        MonitorPrincipal admin = new MonitorPrincipal("a", Role.ADMIN, null);
        for (String area : List.of("ENG", "Y56", "QE1")) {
            assertThat(admin.mayReadArea(area, DIRECTORY)).isTrue();
            assertThat(admin.mayManageAlertsOf(area, DIRECTORY)).isTrue();
        }
        assertThat(admin.mayActForPractice(OTHER_PRACTICE, DIRECTORY)).isTrue();
        assertThat(admin.mayReadNoticesOfIcb("QE1")).isTrue();
    }

    @Test
    void shouldFindCredentialsByTokenWhileHoldingOnlyHashes() {
        var properties = new MonitorSecurityProperties("s3cret-admin",
                List.of(new MonitorSecurityProperties.Credential("QKK planners", Role.ICB, "QKK", CredentialStore.sha256("icb-token"))),
                false);
        CredentialStore store = new CredentialStore(properties, DIRECTORY);
        assertThat(store.find("icb-token")).contains(new MonitorPrincipal("QKK planners", Role.ICB, "QKK"));
        assertThat(store.find("s3cret-admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(store.find("dev-admin")).isEmpty();
        assertThat(store.find("")).isEmpty();
        assertThat(properties.toString()).doesNotContain("s3cret-admin");
    }

    @Test
    void shouldAddOneDevCredentialOfEachRoleWhenAsked() {
        CredentialStore store = new CredentialStore(new MonitorSecurityProperties(null, null, true), DIRECTORY);
        assertThat(store.find("dev-admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(store.find("dev-practice-Z00001").orElseThrow().scope()).isEqualTo("Z00001");
        assertThat(store.find("dev-icb-QKK").orElseThrow().role()).isEqualTo(Role.ICB);
        assertThat(store.find("dev-region-Y56").orElseThrow().role()).isEqualTo(Role.REGION);
    }
}
