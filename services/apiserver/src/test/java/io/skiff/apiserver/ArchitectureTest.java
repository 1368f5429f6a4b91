package io.skiff.apiserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Module boundaries of the API server (DESIGN.md §6). */
@AnalyzeClasses(packages = "io.skiff.apiserver", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.skiff.apiserver.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule storageKnowsNothingOfHttpOrSpring = noClasses()
            .that()
            .resideInAPackage("..apiserver.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..apiserver.rest..", "..apiserver.registry..", "org.springframework..");

    @ArchTest
    static final ArchRule validationAndDefaultingArePure = noClasses()
            .that()
            .resideInAnyPackage("..apiserver.validation..", "..apiserver.defaulting..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..apiserver.storage..", "..apiserver.rest..", "org.springframework..", "java.sql..");

    @ArchTest
    static final ArchRule registryIsIndependentOfHttp = noClasses()
            .that()
            .resideInAPackage("..apiserver.registry..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..apiserver.rest..");
}
