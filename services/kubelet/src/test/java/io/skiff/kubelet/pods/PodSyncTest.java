package io.skiff.kubelet.pods;

import static io.skiff.kubelet.testing.TestPods.container;
import static io.skiff.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.component.controller.Result;
import io.skiff.kubelet.cri.ContainerStatus.ContainerState;
import io.skiff.kubelet.staticpods.StaticPods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod worker's state machine, step by step on a scripted runtime and a manual clock. */
class PodSyncTest {

    @TempDir
    Path logs;

    @Test
    void aNewPodGetsASandboxThenItsContainerPulledCreatedAndStarted() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("web", "Always", container("main", "sleep 3600"));

        assertThat(fixture.sync(pod)).isEqualTo(Result.done());

        assertThat(fixture.calls())
                .containsExactly(
                        "runPodSandbox web attempt=0",
                        "pullImage busybox:1.36",
                        "createContainer main attempt=0",
                        "startContainer main");
        assertThat(fixture.events.lines())
                .containsExactly(
                        "Normal Pulling: Pulling image \"busybox:1.36\"",
                        "Normal Pulled: Successfully pulled image \"busybox:1.36\" in 0s (0s including waiting). Image size: 1234 bytes.",
                        "Normal Created: Created container: main",
                        "Normal Started: Started container main");
        assertThat(fixture.events.all()).allMatch(e -> "spec.containers{main}".equals(e.fieldPath()));
        assertThat(fixture.status(pod).getPhase()).isEqualTo("Running");
        assertThat(fixture.container(pod, "main").getState().getRunning()).isNotNull();
        assertThat(fixture.container(pod, "main").getReady()).isTrue();
    }

    static Stream<Arguments> restartPolicies() {
        return Stream.of(
                Arguments.of("Always restarts a container that succeeded", "Always", 0, true, "Running"),
                Arguments.of("Always restarts a container that failed", "Always", 1, true, "Running"),
                Arguments.of("OnFailure leaves a container that succeeded", "OnFailure", 0, false, "Succeeded"),
                Arguments.of("OnFailure restarts a container that failed", "OnFailure", 1, true, "Running"),
                Arguments.of("Never leaves a container that succeeded", "Never", 0, false, "Succeeded"),
                Arguments.of("Never leaves a container that failed", "Never", 1, false, "Failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("restartPolicies")
    void restartPolicy(String description, String policy, int exitCode, boolean restarted, String phase) {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("job", policy, container("main", "work"));
        fixture.sync(pod);
        fixture.runtime.exit("main", exitCode);
        fixture.calls();

        fixture.sync(pod);

        List<String> calls = fixture.calls();
        if (restarted) {
            assertThat(calls).contains("createContainer main attempt=1", "startContainer main");
            assertThat(fixture.container(pod, "main").getRestartCount()).isEqualTo(1);
            assertThat(fixture.container(pod, "main")
                            .getLastState()
                            .getTerminated()
                            .getExitCode())
                    .isEqualTo(exitCode);
        } else {
            assertThat(calls).noneMatch(call -> call.startsWith("createContainer"));
            assertThat(calls).contains("stopPodSandbox");
            assertThat(fixture.container(pod, "main").getState().getTerminated().getReason())
                    .isEqualTo(exitCode == 0 ? "Completed" : "Error");
            assertThat(fixture.calls()).isEmpty();
        }
        assertThat(fixture.status(pod).getPhase()).isEqualTo(phase);
    }

    @Test
    void initContainersRunInOrderEachToCompletionBeforeTheAppContainers() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod(
                "init",
                "Always",
                List.of(container("first", "true"), container("second", "true")),
                List.of(container("app", "sleep 3600"), container("sidecar", "sleep 3600")));

        fixture.sync(pod);
        assertThat(started(fixture.calls())).containsExactly("first");
        assertThat(fixture.status(pod).getPhase()).isEqualTo("Pending");
        assertThat(fixture.waitingReason(pod, "app")).isEqualTo("PodInitializing");
        assertThat(fixture.sync(pod)).isEqualTo(Result.done());
        assertThat(started(fixture.calls()))
                .as("nothing starts while the first runs")
                .isEmpty();

        fixture.runtime.exit("first", 0);
        fixture.sync(pod);
        assertThat(started(fixture.calls())).containsExactly("second");
        assertThat(fixture.container(pod, "first").getReady()).isTrue();

        fixture.runtime.exit("second", 0);
        fixture.sync(pod);
        assertThat(started(fixture.calls())).containsExactly("app", "sidecar");
        assertThat(fixture.status(pod).getPhase()).isEqualTo("Running");
        assertThat(fixture.status(pod).getInitContainerStatuses())
                .extracting(
                        c -> c.getName() + ":" + c.getState().getTerminated().getReason())
                .containsExactly("first:Completed", "second:Completed");

        fixture.runtime.exit("app", 1);
        fixture.sync(pod);
        assertThat(started(fixture.calls()))
                .as("init containers do not run again")
                .containsExactly("app");
    }

    static Stream<Arguments> failedInitContainers() {
        return Stream.of(
                Arguments.of("with restartPolicy Never the pod fails", "Never", false, "Failed"),
                Arguments.of("with restartPolicy OnFailure it runs again", "OnFailure", true, "Pending"),
                Arguments.of("with restartPolicy Always it runs again", "Always", true, "Pending"));
    }

    @ParameterizedTest(name = "an init container that fails: {0}")
    @MethodSource("failedInitContainers")
    void anInitContainerThatFails(String description, String policy, boolean retried, String phase) {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod =
                pod("init-fails", policy, List.of(container("setup", "exit 3")), List.of(container("app", "sleep 1")));
        fixture.sync(pod);
        fixture.runtime.exit("setup", 3);
        fixture.calls();

        fixture.sync(pod);

        List<String> calls = fixture.calls();
        assertThat(started(calls)).isEqualTo(retried ? List.of("setup") : List.of());
        assertThat(calls).noneMatch(call -> call.contains("app"));
        assertThat(fixture.status(pod).getPhase()).isEqualTo(phase);
        assertThat(fixture.container(pod, "app").getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        if (!retried) {
            assertThat(fixture.container(pod, "setup")
                            .getState()
                            .getTerminated()
                            .getExitCode())
                    .isEqualTo(3);
            assertThat(calls).contains("stopPodSandbox");
        }
    }

    /**
     * A container that keeps failing: the first restart is immediate, then each waits 10 s doubling
     * to 5 min from the last exit, in CrashLoopBackOff with Kubernetes' message.
     */
    @Test
    void aCrashLoopBacksOffTenSecondsDoublingToFiveMinutes() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("crash", "Always", container("main", "exit 1"));
        fixture.sync(pod);
        fixture.runtime.exit("main", 1);
        fixture.sync(pod);
        assertThat(fixture.container(pod, "main").getRestartCount())
                .as("first restart is immediate")
                .isEqualTo(1);

        List<Duration> expected = Stream.of(10, 20, 40, 80, 160, 300, 300)
                .map(Duration::ofSeconds)
                .toList();
        int restarts = 1;
        for (Duration backOff : expected) {
            fixture.clock.advance(Duration.ofSeconds(1));
            fixture.runtime.exit("main", 1);
            fixture.calls();

            Result result = fixture.sync(pod);

            assertThat(started(fixture.calls())).as("in back-off %s", backOff).isEmpty();
            assertThat(result).isEqualTo(Result.requeueAfter(backOff));
            assertThat(fixture.waitingReason(pod, "main")).isEqualTo("CrashLoopBackOff");
            assertThat(fixture.waitingMessage(pod, "main"))
                    .isEqualTo("back-off " + GoDurations.format(backOff)
                            + " restarting failed container=main pod=crash_default(uid-crash)");
            assertThat(fixture.container(pod, "main")
                            .getLastState()
                            .getTerminated()
                            .getExitCode())
                    .isEqualTo(1);
            assertThat(fixture.events.lines())
                    .contains(
                            "Warning BackOff: Back-off restarting failed container main in pod crash_default(uid-crash)");

            fixture.clock.advance(backOff.minusMillis(1));
            fixture.sync(pod);
            assertThat(started(fixture.calls())).as("a millisecond early").isEmpty();
            fixture.clock.advance(Duration.ofMillis(1));
            fixture.sync(pod);
            assertThat(started(fixture.calls())).as("after %s", backOff).containsExactly("main");
            restarts++;
            assertThat(fixture.container(pod, "main").getRestartCount()).isEqualTo(restarts);
            assertThat(fixture.container(pod, "main").getState().getRunning()).isNotNull();
        }
        assertThat(fixture.runtime.listContainers(null))
                .as("one dead instance is kept beside the running one")
                .extracting(c -> c.attempt() + ":" + c.state())
                .containsExactlyInAnyOrder(restarts + ":RUNNING", (restarts - 1) + ":EXITED");
    }

    @Test
    void aContainerThatRanForTenMinutesRestartsAtOnceAndItsBackOffStartsOver() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("steady", "Always", container("main", "serve"));
        fixture.sync(pod);
        fixture.runtime.exit("main", 1);
        fixture.sync(pod);
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.runtime.exit("main", 1);
        assertThat(fixture.sync(pod)).isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
        fixture.clock.advance(Duration.ofSeconds(10));
        fixture.sync(pod);
        fixture.calls();

        fixture.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        fixture.runtime.exit("main", 1);
        fixture.sync(pod);

        assertThat(started(fixture.calls())).containsExactly("main");
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.runtime.exit("main", 1);
        assertThat(fixture.sync(pod)).isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
    }

    @Test
    void aPullThatFailsShowsErrImagePullThenImagePullBackOffUntilItsBackOffEnds() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        fixture.runtime.failPulls("busybox:1.36", "failed to pull and unpack image \"busybox:1.36\": not found");
        Pod pod = pod("pull", "Always", container("main", "true"));

        Result first = fixture.sync(pod);

        assertThat(first).isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
        assertThat(fixture.waitingReason(pod, "main")).isEqualTo("ErrImagePull");
        assertThat(fixture.waitingMessage(pod, "main"))
                .isEqualTo("failed to pull and unpack image \"busybox:1.36\": not found");
        assertThat(fixture.events.lines())
                .contains(
                        "Normal Pulling: Pulling image \"busybox:1.36\"",
                        "Warning Failed: Failed to pull image \"busybox:1.36\": failed to pull and unpack image \"busybox:1.36\": not found",
                        "Warning Failed: Error: ErrImagePull");
        assertThat(fixture.status(pod).getPhase()).isEqualTo("Pending");

        fixture.clock.advance(Duration.ofSeconds(2));
        fixture.calls();
        assertThat(fixture.sync(pod)).isEqualTo(Result.requeueAfter(Duration.ofSeconds(8)));
        assertThat(fixture.calls()).noneMatch(call -> call.startsWith("pullImage"));
        assertThat(fixture.waitingReason(pod, "main")).isEqualTo("ImagePullBackOff");
        assertThat(fixture.waitingMessage(pod, "main")).isEqualTo("Back-off pulling image \"busybox:1.36\"");
        assertThat(fixture.events.lines())
                .contains(
                        "Normal BackOff: Back-off pulling image \"busybox:1.36\"",
                        "Warning Failed: Error: ImagePullBackOff");

        fixture.clock.advance(Duration.ofSeconds(8));
        fixture.sync(pod);
        assertThat(fixture.calls()).contains("pullImage busybox:1.36");
        assertThat(fixture.waitingReason(pod, "main")).isEqualTo("ErrImagePull");

        fixture.runtime.allowPulls("busybox:1.36");
        fixture.clock.advance(Duration.ofSeconds(20));
        fixture.sync(pod);
        assertThat(started(fixture.calls())).containsExactly("main");
        assertThat(fixture.container(pod, "main").getState().getRunning()).isNotNull();
    }

    static Stream<Arguments> pullPolicies() {
        return Stream.of(
                Arguments.of("IfNotPresent with the image present", "IfNotPresent", true, false, null),
                Arguments.of("IfNotPresent with the image absent", "IfNotPresent", false, true, null),
                Arguments.of("Always with the image present", "Always", true, true, null),
                Arguments.of("Never with the image present", "Never", true, false, null),
                Arguments.of("Never with the image absent", "Never", false, false, "ErrImageNeverPull"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pullPolicies")
    void imagePullPolicy(String description, String policy, boolean present, boolean pulls, String waiting) {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        if (present) {
            fixture.runtime.imagePresent("busybox:1.36");
        }
        Container container = new ContainerBuilder(container("main", "true"))
                .withImagePullPolicy(policy)
                .build();
        Pod pod = pod("policy", "Always", container);

        fixture.sync(pod);

        assertThat(fixture.calls().contains("pullImage busybox:1.36")).isEqualTo(pulls);
        assertThat(fixture.waitingReason(pod, "main")).isEqualTo(waiting);
        if (waiting != null) {
            assertThat(fixture.waitingMessage(pod, "main"))
                    .isEqualTo("Container image \"busybox:1.36\" is not present with pull policy of Never");
            assertThat(fixture.events.lines())
                    .contains(
                            "Warning ErrImageNeverPull: Container image \"busybox:1.36\" is not present with pull policy of Never");
        } else if (!pulls) {
            assertThat(fixture.events.lines())
                    .contains("Normal Pulled: Container image \"busybox:1.36\" already present on machine");
        }
    }

    @Test
    void aDeletedPodIsStoppedWithinItsGracePeriodRemovedAndThenFinallyDeleted() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("doomed", "Always", container("main", "sleep 3600"));
        fixture.api.put(pod);
        fixture.sync(pod);
        fixture.calls();
        Pod deleting = new PodBuilder(pod)
                .editMetadata()
                .withDeletionTimestamp("2026-01-02T03:05:12Z")
                .withDeletionGracePeriodSeconds(7L)
                .endMetadata()
                .build();
        fixture.api.put(deleting);

        assertThat(fixture.sync(deleting)).isEqualTo(Result.done());

        assertThat(fixture.calls())
                .containsExactly("stopContainer main grace=7s", "stopPodSandbox", "removePodSandbox");
        assertThat(fixture.events.lines()).contains("Normal Killing: Stopping container main");
        assertThat(fixture.status(pod).getPhase())
                .as("killed by SIGTERM: exit 143")
                .isEqualTo("Failed");
        assertThat(fixture.container(pod, "main").getState().getTerminated().getExitCode())
                .isEqualTo(143);

        fixture.statusQueue.forEach(fixture.statuses::sync);
        assertThat(fixture.api.writes()).containsExactly("status doomed Failed", "delete doomed uid=uid-doomed");
    }

    @Test
    void aPreStopHookRunsInTheContainerBeforeItIsStopped() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Container withHook = new ContainerBuilder(container("main", "serve"))
                .withNewLifecycle()
                .withNewPreStop()
                .withNewExec()
                .withCommand("sh", "-c", "drain")
                .endExec()
                .endPreStop()
                .endLifecycle()
                .build();
        Pod pod = pod("hooked", "Always", withHook);
        fixture.sync(pod);
        fixture.calls();
        fixture.runtime.execExitCode(1);

        fixture.sync(new PodBuilder(pod)
                .editMetadata()
                .withDeletionTimestamp("2026-01-02T03:05:12Z")
                .withDeletionGracePeriodSeconds(20L)
                .endMetadata()
                .build());

        assertThat(fixture.calls()).startsWith("execSync main sh -c drain timeout=20s", "stopContainer main grace=20s");
        assertThat(fixture.events.lines())
                .containsSubsequence(
                        "Normal Killing: Stopping container main", "Warning FailedPreStopHook: PreStopHook failed");
    }

    @Test
    void aContainerWhosePostStartHookFailsIsKilledAndWaitsWithPostStartHookError() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        fixture.runtime.execExitCode(2);
        Container withHook = new ContainerBuilder(container("main", "serve"))
                .withNewLifecycle()
                .withNewPostStart()
                .withNewExec()
                .withCommand("warm-up")
                .endExec()
                .endPostStart()
                .endLifecycle()
                .build();
        Pod pod = pod("warm", "Always", withHook);

        fixture.sync(pod);

        assertThat(fixture.calls())
                .containsSubsequence(
                        "startContainer main", "execSync main warm-up timeout=30s", "stopContainer main grace=30s");
        assertThat(fixture.events.lines())
                .contains("Warning FailedPostStartHook: PostStartHook failed", "Normal Killing: FailedPostStartHook");
        assertThat(fixture.waitingReason(pod, "main")).isEqualTo("PostStartHookError");
    }

    @Test
    void aPodForceDeletedFromTheApiIsKilledWithTheMinimumGracePeriodAndForgotten() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("gone", "Always", container("main", "sleep 3600"));
        fixture.sync(pod);
        fixture.calls();
        Pod forced = new PodBuilder(pod)
                .editMetadata()
                .withDeletionGracePeriodSeconds(0L)
                .endMetadata()
                .build();

        fixture.removed(forced);

        assertThat(fixture.calls())
                .containsExactly("stopContainer main grace=2s", "stopPodSandbox", "removePodSandbox");
        assertThat(fixture.desired.get("uid-gone")).isEmpty();
        assertThat(fixture.statuses.podStatus("uid-gone")).isEmpty();
    }

    @Test
    void aFinishedPodKeepsItsStoppedContainersAndIsNotStartedAgain() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("done", "Never", container("main", "true"));
        fixture.sync(pod);
        fixture.runtime.exit("main", 0);
        fixture.sync(pod);
        fixture.calls();

        fixture.sync(pod);
        fixture.clock.advance(Duration.ofMinutes(30));
        fixture.sync(pod);

        assertThat(fixture.calls()).isEmpty();
        assertThat(fixture.runtime.newest("main").orElseThrow().state()).isEqualTo(ContainerState.EXITED);
        assertThat(fixture.status(pod).getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void runtimeObjectsOfAPodTheKubeletDoesNotKnowAreRemoved() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("orphan", "Always", container("main", "sleep 3600"));
        fixture.sync(pod);
        fixture.desired.remove(pod);
        fixture.desired.forget("uid-orphan");
        fixture.calls();

        fixture.sync.sync("uid-orphan");

        assertThat(fixture.calls())
                .containsExactly("stopContainer main grace=2s", "stopPodSandbox", "removePodSandbox");
    }

    @Test
    void theStaticPodOfAChangedManifestStartsOnceThePodOfTheOldOneIsGone() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod old = staticPod("uid-old", "sleep 3600");
        Pod changed = staticPod("uid-new", "sleep 3601");
        List<String> forgotten = new ArrayList<>();
        fixture.desired.whenForgotten(pod -> forgotten.add(pod.getMetadata().getUid()));
        fixture.sync(old);
        fixture.desired.remove(old);
        fixture.calls();

        assertThat(fixture.sync(changed)).isEqualTo(Result.done());
        assertThat(fixture.calls()).as("the new pod waits").isEmpty();

        fixture.sync.sync("uid-old");
        assertThat(forgotten).containsExactly("uid-old");
        fixture.calls();
        fixture.sync.sync("uid-new");
        assertThat(started(fixture.calls())).containsExactly("main");
    }

    private static Pod staticPod(String uid, String script) {
        return new PodBuilder(pod("web-node-1", "Always", container("main", script)))
                .editMetadata()
                .withUid(uid)
                .addToAnnotations(StaticPods.CONFIG_SOURCE_ANNOTATION, StaticPods.FILE_SOURCE)
                .addToAnnotations(StaticPods.CONFIG_HASH_ANNOTATION, uid)
                .endMetadata()
                .build();
    }

    private static List<String> started(List<String> calls) {
        return calls.stream()
                .filter(call -> call.startsWith("startContainer "))
                .map(call -> call.substring("startContainer ".length()))
                .toList();
    }
}
