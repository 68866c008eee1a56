package dev.lucy.core;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * lucy-core's packages depend in one direction, drawn in docs/architecture.md: the root on nothing of Lucy's,
 * {@code model} on the root, {@code spi} on {@code model}, {@code agent} on both, {@code runtime} on all of them.
 * A back-reference (an SPI naming a runtime type, a model class naming an SPI) fails the build here.
 */
@AnalyzeClasses(importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule packages_have_no_cycles =
            slices().matching("dev.lucy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packages_depend_in_the_drawn_direction = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("root")
            .definedBy("dev.lucy.core")
            .layer("model")
            .definedBy("dev.lucy.core.model..")
            .layer("spi")
            .definedBy("dev.lucy.core.spi..")
            .layer("agent")
            .definedBy("dev.lucy.core.agent..")
            .layer("runtime")
            .definedBy("dev.lucy.core.runtime..")
            .whereLayer("root")
            .mayNotAccessAnyLayer()
            .whereLayer("model")
            .mayOnlyAccessLayers("root")
            .whereLayer("spi")
            .mayOnlyAccessLayers("root", "model")
            .whereLayer("agent")
            .mayOnlyAccessLayers("root", "model", "spi")
            .whereLayer("runtime")
            .mayOnlyAccessLayers("root", "model", "spi", "agent");
}
