package uk.nhs.impactmonitor.alerts.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;

/**
 * Dispatching never changes alert state: the dispatcher and the notify pipeline only read the engine (its alerts,
 * whether it is ready, the reading an alert judged). Judging, acknowledging and recording silences are the lifecycle's,
 * called from the indicator consumer, the API and the runtime.
 */
class DispatchReadsAlertsOnlyTest {

    private static final Set<String> READS = Set.of("alerts", "find", "isReady", "reading", "horizon");

    @Test
    void shouldCallOnlyReadingMethodsOfTheEngineWhenDispatchingOrNotifying() {
        // given
        JavaClasses classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("uk.nhs.impactmonitor.alerts");
        DescribedPredicate<JavaMethodCall> changesAlerts = new DescribedPredicate<>("a method of AlertEngine that changes alerts") {
            @Override
            public boolean test(JavaMethodCall call) {
                return call.getTargetOwner().isEquivalentTo(AlertEngine.class) && !READS.contains(call.getName());
            }
        };

        // when / then
        noClasses().that().resideInAnyPackage("uk.nhs.impactmonitor.alerts.dispatch..", "uk.nhs.impactmonitor.alerts.notify..")
                .should().callMethodWhere(changesAlerts).check(classes);
    }
}
