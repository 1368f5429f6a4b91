package io.skiff.scheduler.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Module boundaries of the scheduler (DESIGN.md §6). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.skiff.scheduler");
    }

    @Test
    void pluginsNeverImportEachOther() {
        slices().matching("io.skiff.scheduler.plugins.(*)..")
                .should()
                .notDependOnEachOther()
                .because("each plugin stands alone on the framework API, as in Kubernetes")
                .check(classes);
    }

    @Test
    void theFrameworkApiKnowsNothingOfItsUsersOrItsPlugins() {
        noClasses()
                .that()
                .resideInAPackage("io.skiff.scheduler.framework..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.skiff.scheduler.plugins..",
                        "io.skiff.scheduler.core..",
                        "io.skiff.scheduler.queue..",
                        "io.skiff.scheduler.cache..")
                .check(classes);
    }

    @Test
    void schedulingLogicStaysFreeOfSpringAndHttp() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.skiff.scheduler.framework..",
                        "io.skiff.scheduler.plugins..",
                        "io.skiff.scheduler.core..",
                        "io.skiff.scheduler.queue..",
                        "io.skiff.scheduler.cache..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "reactor..", "io.skiff.component..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.skiff.scheduler.(**)").should().beFreeOfCycles().check(classes);
    }
}
