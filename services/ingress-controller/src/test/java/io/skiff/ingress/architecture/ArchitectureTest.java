package io.skiff.ingress.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module boundaries of the ingress controller (DESIGN.md §6). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.skiff.ingress");
    }

    @Test
    void theRoutingTableIsPureMatching() {
        noClasses()
                .that()
                .resideInAPackage("io.skiff.ingress.routing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.fabric8..",
                        "io.netty..",
                        "reactor..",
                        "org.springframework..",
                        "io.skiff.component..",
                        "io.skiff.ingress.ingresses..",
                        "io.skiff.ingress.snapshot..",
                        "io.skiff.ingress.proxy..",
                        "io.skiff.ingress.app..")
                .check(classes);
    }

    @Test
    void theProxyKnowsNothingOfSpringOrTheApiServer() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.skiff.ingress.proxy..", "io.skiff.ingress.snapshot..", "io.skiff.ingress.upstream..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.skiff.component.client..", "io.skiff.ingress.app..")
                .check(classes);
    }

    @Test
    void onlyTheApiServerTouchesTheDatabase() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.skiff.apiserver..", "java.sql..", "org.springframework.jdbc..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.skiff.ingress.(**)").should().beFreeOfCycles().check(classes);
    }
}
