package io.skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.testing.ManualClock;
import io.skiff.kubelet.testing.ScriptedRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContainerLogLocatorTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final ScriptedRuntime runtime = new ScriptedRuntime(clock);
    private final Map<String, PodStatus> statuses = new HashMap<>();
    private final ContainerLogLocator locator =
            new ContainerLogLocator(runtime, uid -> Optional.ofNullable(statuses.get(uid)));
    private String sandbox;
    private PodSandboxConfig sandboxConfig;

    @BeforeEach
    void runPod() {
        sandboxConfig = new PodSandboxConfig(
                new PodSandboxConfig.PodSandboxMetadata("web", "uid-web", "default", 0),
                "web",
                "/var/log/pods/default_web_uid-web",
                null,
                List.of(),
                false,
                null,
                Map.of(),
                Map.of(),
                null);
        sandbox = runtime.runPodSandbox(sandboxConfig);
    }

    @Test
    void aContainerInCrashLoopBackOffShowsTheRunThatJustFailedAsPreviousAndCurrent() {
        String failed = runAndExit(0);
        statuses.put("uid-web", crashLooping(failed));

        assertThat(locator.locate("default", "web", "main", true).id()).isEqualTo(failed);
        assertThat(locator.locate("default", "web", "main", false).id()).isEqualTo(failed);
    }

    @Test
    void aRestartedContainerShowsItsCurrentRunAndThePreviousOne() {
        String failed = runAndExit(0);
        clock.advance(Duration.ofSeconds(1));
        String current = start(1);
        statuses.put(
                "uid-web",
                status(new ContainerStatusBuilder()
                        .withName("main")
                        .withContainerID("scripted://" + current)
                        .withState(new ContainerStateBuilder()
                                .withNewRunning()
                                .endRunning()
                                .build())
                        .withLastState(terminated(failed))));

        assertThat(locator.locate("default", "web", "main", false).id()).isEqualTo(current);
        assertThat(locator.locate("default", "web", "main", true).id()).isEqualTo(failed);
    }

    @Test
    void aContainerTheStatusNamesButTheRuntimeNoLongerHasHasNoLog() {
        runAndExit(0);
        statuses.put("uid-web", crashLooping("removed-long-ago"));

        assertThatThrownBy(() -> locator.locate("default", "web", "main", true))
                .isInstanceOf(LogsException.class)
                .hasMessage("unable to retrieve container logs for scripted://removed-long-ago");
    }

    @Test
    void withoutAStatusYetTheRuntimesNewestRunIsCurrentAndTheOneBeforeIsPrevious() {
        String failed = runAndExit(0);

        assertThat(locator.locate("default", "web", "main", false).id()).isEqualTo(failed);
        assertThatThrownBy(() -> locator.locate("default", "web", "main", true))
                .isInstanceOf(LogsException.class)
                .hasMessage("previous terminated container \"main\" in pod \"web\" not found");

        clock.advance(Duration.ofSeconds(1));
        String current = start(1);
        assertThat(locator.locate("default", "web", "main", false).id()).isEqualTo(current);
        assertThat(locator.locate("default", "web", "main", true).id()).isEqualTo(failed);
    }

    @Test
    void aPodTheRuntimeDoesNotHaveDoesNotExist() {
        assertThatThrownBy(() -> locator.locate("default", "other", "main", false))
                .isInstanceOf(LogsException.class)
                .hasMessage("pod \"other\" does not exist")
                .satisfies(e -> assertThat(((LogsException) e).code()).isEqualTo(404));
    }

    private String runAndExit(int attempt) {
        String id = start(attempt);
        runtime.exit("main", 1);
        return id;
    }

    private String start(int attempt) {
        String id = runtime.createContainer(sandbox, config(attempt), sandboxConfig);
        runtime.startContainer(id);
        return id;
    }

    private static PodStatus crashLooping(String failedContainer) {
        return status(new ContainerStatusBuilder()
                .withName("main")
                .withState(new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .endWaiting()
                        .build())
                .withLastState(terminated(failedContainer)));
    }

    private static PodStatus status(ContainerStatusBuilder container) {
        return new PodStatusBuilder().withContainerStatuses(container.build()).build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerState terminated(String containerId) {
        return new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .withContainerID("scripted://" + containerId)
                .endTerminated()
                .build();
    }

    private static ContainerConfig config(int attempt) {
        return new ContainerConfig(
                "main",
                attempt,
                "busybox:1.36",
                List.of("sh", "-c", "exit 1"),
                List.of(),
                "",
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                "main/" + attempt + ".log",
                new ContainerConfig.Resources(2, 100_000, 0, 0, 1000),
                new ContainerConfig.Security(null, null, List.of(), false, false, List.of(), List.of()));
    }
}
