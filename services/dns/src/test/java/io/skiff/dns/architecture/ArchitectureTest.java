package io.skiff.dns.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module boundaries of the cluster DNS (DESIGN.md §6). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.skiff.dns");
    }

    @Test
    void theZoneIsPureLookupOverTheCaches() {
        noClasses()
                .that()
                .resideInAPackage("io.skiff.dns.zone..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "reactor..",
                        "io.skiff.component..",
                        "io.skiff.dns.server..",
                        "io.skiff.dns.cache..",
                        "io.skiff.dns.app..")
                .check(classes);
    }

    @Test
    void theServerKnowsNothingOfSpringOrTheApiServer() {
        noClasses()
                .that()
                .resideInAnyPackage("io.skiff.dns.server..", "io.skiff.dns.cache..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "reactor..", "io.skiff.component.client..", "io.skiff.dns.app..")
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
        slices().matching("io.skiff.dns.(**)").should().beFreeOfCycles().check(classes);
    }
}
