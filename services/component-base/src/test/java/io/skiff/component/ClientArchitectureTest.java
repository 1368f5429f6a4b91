package io.skiff.component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The API client's boundaries. */
@AnalyzeClasses(packages = "io.skiff.component", importOptions = ImportOption.DoNotIncludeTests.class)
class ClientArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles =
            slices().matching("io.skiff.component.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule resilienceKnowsNothingOfTheClient = noClasses()
            .that()
            .resideInAPackage("io.skiff.component.resilience..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.skiff.component.client..");

    @ArchTest
    static final ArchRule componentsReachTheApiServerOnlyOverHttp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.skiff.apiserver..")
            .because("components talk to the API server only through its REST API");

    @ArchTest
    static final ArchRule kubernetesObjectsNeverMeetJackson3 = noClasses()
            .that()
            .resideInAPackage("io.skiff.component.client..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("tools.jackson..")
            .because("fabric8 model types are Jackson 2 types, read and written with KubeJson");
}
