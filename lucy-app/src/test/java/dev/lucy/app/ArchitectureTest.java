package dev.lucy.app;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * lucy-app's packages depend on each other without cycles. {@link Main} is left out: the command line knows every
 * command by design, and the commands use the app it starts.
 */
@AnalyzeClasses(
        packages = "dev.lucy.app",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_have_no_cycles = slices().matching("dev.lucy.(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(equivalentTo(Main.class), alwaysTrue());
}
