package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerLogStatusTest {

    private static final ContainerState RUNNING =
            new ContainerStateBuilder().withNewRunning().endRunning().build();

    static Stream<Arguments> chosen() {
        return Stream.of(
                Arguments.of(
                        "crash looping, previous: the run that just failed",
                        status(waiting("CrashLoopBackOff"), terminated("runc://b"), null),
                        true,
                        "runc://b"),
                Arguments.of(
                        "crash looping, current: still the run that just failed",
                        status(waiting("CrashLoopBackOff"), terminated("runc://b"), null),
                        false,
                        "runc://b"),
                Arguments.of("running: the current run", status(RUNNING, null, "runc://c"), false, "runc://c"),
                Arguments.of(
                        "running after a restart, previous: the run before",
                        status(RUNNING, terminated("runc://b"), "runc://c"),
                        true,
                        "runc://b"),
                Arguments.of(
                        "terminated for good: its own run",
                        status(terminated("runc://c"), terminated("runc://b"), "runc://c"),
                        false,
                        "runc://c"),
                Arguments.of(
                        "terminated without an ID: the last terminated run",
                        status(terminated(null), terminated("runc://b"), null),
                        false,
                        "runc://b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chosen")
    void readsTheContainerIdFromThePodStatus(String name, PodStatus status, boolean previous, String expected) {
        assertThat(ContainerLogStatus.containerId(status, "web", "main", previous))
                .isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "previous of a container that never restarted",
                        status(RUNNING, null, "runc://c"),
                        "main",
                        true,
                        "previous terminated container \"main\" in pod \"web\" not found"),
                Arguments.of(
                        "previous whose run the runtime lost (no ID)",
                        status(RUNNING, terminated(null), "runc://c"),
                        "main",
                        true,
                        "previous terminated container \"main\" in pod \"web\" not found"),
                Arguments.of(
                        "a lost last run while waiting",
                        status(waiting("ContainerCreating"), terminated(null), null),
                        "main",
                        false,
                        "container \"main\" in pod \"web\" is terminated"),
                Arguments.of(
                        "a failing pull",
                        status(waiting("ErrImagePull"), null, null),
                        "main",
                        false,
                        "container \"main\" in pod \"web\" is waiting to start: image can't be pulled"),
                Arguments.of(
                        "a pull in back-off",
                        status(waiting("ImagePullBackOff"), null, null),
                        "main",
                        false,
                        "container \"main\" in pod \"web\" is waiting to start: trying and failing to pull image"),
                Arguments.of(
                        "being created",
                        status(waiting("ContainerCreating"), null, null),
                        "main",
                        false,
                        "container \"main\" in pod \"web\" is waiting to start: ContainerCreating"),
                Arguments.of(
                        "no state at all",
                        status(new ContainerState(), null, null),
                        "main",
                        false,
                        "container \"main\" in pod \"web\" is waiting to start - no logs yet"),
                Arguments.of(
                        "a container the pod does not have",
                        status(RUNNING, null, "runc://c"),
                        "sidecar",
                        false,
                        "container \"sidecar\" in pod \"web\" is not available"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesInTheKubeletsWords(String name, PodStatus status, String container, boolean previous, String message) {
        assertThatThrownBy(() -> ContainerLogStatus.containerId(status, "web", container, previous))
                .isInstanceOf(LogsException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((LogsException) e).code()).isEqualTo(400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chosen")
    void findsInitContainersToo(String name, PodStatus status, boolean previous, String expected) {
        PodStatus init = new PodStatusBuilder()
                .withInitContainerStatuses(status.getContainerStatuses())
                .build();
        assertThat(ContainerLogStatus.containerId(init, "web", "main", previous))
                .isEqualTo(expected);
    }

    private static PodStatus status(ContainerState state, ContainerState lastState, String containerId) {
        ContainerStatus container = new ContainerStatusBuilder()
                .withName("main")
                .withState(state)
                .withLastState(lastState == null ? new ContainerState() : lastState)
                .withContainerID(containerId)
                .build();
        return new PodStatusBuilder().withContainerStatuses(container).build();
    }

    private static ContainerState waiting(String reason) {
        return new ContainerStateBuilder()
                .withNewWaiting()
                .withReason(reason)
                .endWaiting()
                .build();
    }

    private static ContainerState terminated(String containerId) {
        return new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .withContainerID(containerId)
                .endTerminated()
                .build();
    }
}
