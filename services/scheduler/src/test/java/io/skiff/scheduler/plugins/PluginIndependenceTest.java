package io.skiff.scheduler.plugins;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Plugins depend on the framework API only, never on each other (DESIGN.md §6). */
@AnalyzeClasses(packages = "io.skiff.scheduler.plugins", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginIndependenceTest {

    @ArchTest
    static final ArchRule pluginsNeverImportEachOther =
            slices().matching("io.skiff.scheduler.plugins.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule pluginsUseTheFrameworkApiNotItsRuntimeOrTheApiClient = noClasses()
            .that()
            .resideInAPackage("io.skiff.scheduler.plugins..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.skiff.scheduler.framework.runtime..", "io.skiff.component..", "org.springframework..");
}
