package io.skiff.component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Leader election and the event recorder reach the API server only through their ports
 * (LeaseLock, EventSink), so they never depend on the API client or on HTTP, and they do not
 * depend on each other.
 */
class PortBoundariesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.skiff.component");

    @Test
    void leaderElectionAndEventsUseOnlyTheirPorts() {
        noClasses()
                .that()
                .resideInAnyPackage("io.skiff.component.leaderelection..", "io.skiff.component.events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.skiff.component.client..",
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "java.net.http..")
                .check(MAIN);
    }

    @Test
    void leaderElectionAndEventsAreIndependent() {
        slices().matching("io.skiff.component.(leaderelection|events)..")
                .should()
                .notDependOnEachOther()
                .check(MAIN);
    }
}
