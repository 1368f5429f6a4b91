package io.skiff.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** shared-model is plain data and logic that every component links: no framework, no I/O. */
@AnalyzeClasses(packages = "io.skiff.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noSpringAndNoIo = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "java.sql..", "java.net..", "java.nio.file..")
            .because("shared-model must stay free of frameworks and I/O so every component can use it");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.skiff.model.(*)..").should().beFreeOfCycles();
}
