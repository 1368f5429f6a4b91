package io.skiff.kubelet.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.testing.TestPods;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainContainerEnvironmentTest {

    private final PlainContainerEnvironment environment = new PlainContainerEnvironment();

    @Test
    void literalEnvAndCommandAndArgsExpandedAgainstIt() {
        Container container = new ContainerBuilder()
                .withName("main")
                .withImage("busybox")
                .withCommand("sh", "-c", "echo $(GREETING)")
                .withArgs("$(WHO)", "$(UNSET)")
                .addNewEnv()
                .withName("WHO")
                .withValue("world")
                .endEnv()
                .addNewEnv()
                .withName("GREETING")
                .withValue("hello $(WHO)")
                .endEnv()
                .withWorkingDir("/tmp")
                .build();

        ContainerSetup setup = environment.containerSetup(new ContainerContext(
                TestPods.pod("p", "Always", container), container, List.of(), List.of(), "node-1"));

        assertThat(setup.env())
                .containsExactly(
                        new ContainerConfig.EnvVar("WHO", "world"),
                        new ContainerConfig.EnvVar("GREETING", "hello world"));
        assertThat(setup.command()).containsExactly("sh", "-c", "echo hello world");
        assertThat(setup.args()).containsExactly("world", "$(UNSET)");
        assertThat(setup.workingDir()).isEqualTo("/tmp");
        assertThat(setup.mounts()).isEmpty();
    }

    @Test
    void aVariableFromAnotherObjectCannotBeResolvedHere() {
        Container container = new ContainerBuilder()
                .withName("main")
                .withImage("busybox")
                .addNewEnv()
                .withName("POD")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .endEnv()
                .build();

        assertThatThrownBy(() -> environment.containerSetup(new ContainerContext(
                        TestPods.pod("p", "Always", container), container, List.of(), List.of(), "node-1")))
                .isInstanceOf(ContainerSetupException.class)
                .hasMessageContaining("couldn't resolve environment variable POD");
    }
}
