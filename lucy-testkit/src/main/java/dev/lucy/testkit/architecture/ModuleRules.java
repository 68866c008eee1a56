package dev.lucy.testkit.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.library.dependencies.SliceRule;

/**
 * The architecture rules every Lucy module keeps, for its {@code ArchitectureTest} with {@link AnalyzeModule}:
 *
 * <pre>{@code
 * @AnalyzeModule
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchRule packages_have_no_cycles = ModuleRules.packagesHaveNoCycles();
 * }
 * }</pre>
 */
public final class ModuleRules {
    private ModuleRules() {}

    /**
     * The module's packages (its root and every package below it) depend on each other without cycles. The one pair
     * allowed both ways is an API and its extension points: a module's {@code spi} package speaks in its root
     * package's value types, and the root's implementations implement it. A module with more exceptions adds them
     * with {@link SliceRule#ignoreDependency} and says why.
     */
    public static SliceRule packagesHaveNoCycles() {
        return slices().matching("dev.lucy.(**)")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(resideInAPackage("dev.lucy.*.spi"), resideInAPackage("dev.lucy.*"));
    }
}
