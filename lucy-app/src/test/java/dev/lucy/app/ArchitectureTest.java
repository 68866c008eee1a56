package dev.lucy.app;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lucy.testkit.architecture.AnalyzeModule;
import dev.lucy.testkit.architecture.ModuleRules;

/**
 * lucy-app's packages depend on each other without cycles. {@link Main} (with the commands nested in it) is left
 * out: the command line knows every command by design, and the commands use the app it starts.
 */
@AnalyzeModule
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_have_no_cycles =
            ModuleRules.packagesHaveNoCycles().ignoreDependency(belongToAnyOf(Main.class), alwaysTrue());
}
