package uk.nhs.impactmonitor.domain;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Package by feature, and no package imports a package that imports it back: a reader can follow a feature down
 * without being sent back up. Checked on the main code only (a test may reach across).
 */
class PackageCyclesTest {

    @Test
    void shouldFindNoPackageThatImportsItBackWhenReadingTheMainCode() {
        // given
        JavaClasses main = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("uk.nhs.impactmonitor.domain");

        // when / then: every package its own slice, sub-packages included
        slices().matching("uk.nhs.impactmonitor.(**)").should().beFreeOfCycles().check(main);
    }
}
