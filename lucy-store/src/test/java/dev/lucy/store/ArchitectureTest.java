package dev.lucy.store;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lucy.testkit.architecture.AnalyzeModule;
import dev.lucy.testkit.architecture.ModuleRules;

/** lucy-store's packages (the root and every package below it) depend on each other without cycles. */
@AnalyzeModule
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_have_no_cycles = ModuleRules.packagesHaveNoCycles();
}
