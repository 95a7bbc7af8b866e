package uk.nhs.impactmonitor.alerts.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of alerts-service imports a package that imports it back: each one (rule, lifecycle, silence,
 * subscription, nflog, notify, dispatch, config, web...) can be read, tested and changed from the ones below it.
 * A cycle that comes back fails here, naming the classes on it.
 */
class PackageCyclesTest {

    @Test
    void shouldFindNoPackageCycleWhenImportingTheProductionClasses() {
        // given
        JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("uk.nhs.impactmonitor.alerts");

        // when / then
        slices().matching("uk.nhs.impactmonitor.alerts.(*)..").should().beFreeOfCycles().check(classes);
    }
}
