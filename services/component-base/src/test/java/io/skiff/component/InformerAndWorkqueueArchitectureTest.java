package io.skiff.component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** Boundaries of the informer, workqueue and controller packages (DESIGN.md §6). */
@AnalyzeClasses(packages = "io.skiff.component", importOptions = ImportOption.DoNotIncludeTests.class)
class InformerAndWorkqueueArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenTheseCapabilities = slices().matching("io.skiff.component.(*)..")
            .that(DescribedPredicate.describe(
                    "are informer, workqueue or controller",
                    slice -> Set.of("informer", "workqueue", "controller").contains(slice.getNamePart(1))))
            .should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule theWorkqueueKnowsNothingOfInformersOrControllers = noClasses()
            .that()
            .resideInAPackage("..component.workqueue..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..component.informer..", "..component.controller..", "..component.client..");

    @ArchTest
    static final ArchRule informersKnowNothingOfWorkqueuesOrControllers = noClasses()
            .that()
            .resideInAPackage("..component.informer..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..component.workqueue..", "..component.controller..");

    @ArchTest
    static final ArchRule theMachineryIsPlainJavaWithoutSpring = noClasses()
            .that()
            .resideInAnyPackage("..component.informer..", "..component.workqueue..", "..component.controller..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework..");
}
