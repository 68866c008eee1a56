package dev.lucy.tools;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lucy.testkit.architecture.AnalyzeModule;
import dev.lucy.testkit.architecture.ModuleRules;

/** lucy-tools's packages depend on each other without cycles; its {@code spi} speaks in the root's value types. */
@AnalyzeModule
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_have_no_cycles = ModuleRules.packagesHaveNoCycles();
}
