package io.skiff.proxy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module boundaries of the proxy (DESIGN.md §6). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.skiff.proxy");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.skiff.proxy.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theModesNeverImportEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.skiff.proxy.iptables..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.skiff.proxy.userspace..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.skiff.proxy.userspace..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.skiff.proxy.iptables..")
                .check(classes);
    }

    @Test
    void ruleGenerationAndStateStayFreeOfSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.skiff.proxy.servicemap..",
                        "io.skiff.proxy.iptables..",
                        "io.skiff.proxy.runner..",
                        "io.skiff.proxy.sync..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void theProxyNeverTouchesTheApiServersStorage() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.skiff.apiserver..")
                .check(classes);
    }
}
