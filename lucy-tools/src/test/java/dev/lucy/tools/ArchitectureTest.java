package dev.lucy.tools;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * lucy-tools's packages depend on each other without cycles. The one pair allowed both ways is the API and its
 * extension points: the SPI in {@code dev.lucy.tools.spi} speaks in the root package's value types, and the root's
 * implementations implement it.
 */
@AnalyzeClasses(
        packages = "dev.lucy.tools",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_have_no_cycles = slices().matching("dev.lucy.(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(resideInAPackage("dev.lucy.tools.spi"), resideInAPackage("dev.lucy.tools"));
}
