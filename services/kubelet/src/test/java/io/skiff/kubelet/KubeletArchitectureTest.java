package io.skiff.kubelet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The kubelet's boundaries: the runtime contract stands alone, and runtimes do not know the kubelet. */
@AnalyzeClasses(packages = "io.skiff.kubelet", importOptions = ImportOption.DoNotIncludeTests.class)
class KubeletArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles =
            slices().matching("io.skiff.kubelet.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theRuntimeContractIsPlainJava = classes()
            .that()
            .resideInAPackage("io.skiff.kubelet.cri..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.skiff.kubelet.cri..", "java..")
            .because("runtimes implement the CRI-shaped contract without knowing the API or Spring");

    @ArchTest
    static final ArchRule whatRuntimesShareIsPlainJava = classes()
            .that()
            .resideInAPackage("io.skiff.kubelet.runtime.lifecycle..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.skiff.kubelet.runtime.lifecycle..", "io.skiff.kubelet.cri..", "java..")
            .because("the runtimes' shared lifecycle knows only the CRI-shaped contract");

    @ArchTest
    static final ArchRule runtimesDoNotKnowTheKubelet = noClasses()
            .that()
            .resideInAPackage("io.skiff.kubelet.runtime.process..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.skiff.kubelet.config..",
                    "io.skiff.kubelet.container..",
                    "io.skiff.kubelet.node..",
                    "io.skiff.kubelet.pods..",
                    "io.skiff.kubelet.status..",
                    "io.fabric8..",
                    "org.springframework..")
            .because("a runtime implements the CRI-shaped contract and nothing else");

    @ArchTest
    static final ArchRule theKubeletReachesTheApiServerOnlyOverHttp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.skiff.apiserver..")
            .because("the kubelet talks to the API server only through its REST API");
}
