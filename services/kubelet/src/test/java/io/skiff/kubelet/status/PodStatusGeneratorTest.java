package io.skiff.kubelet.status;

import static io.skiff.kubelet.testing.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.testing.TestPods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pod status as Kubernetes computes it, from the API pod and what the runtime holds. */
class PodStatusGeneratorTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final List<String> HOST_IPS = List.of("192.0.2.10");

    /** A runtime view being built: a sandbox and containers with their states. */
    private static final class Runtime {
        private final List<PodSandboxStatus> sandboxes = new ArrayList<>();
        private final List<io.skiff.kubelet.cri.ContainerStatus> containers = new ArrayList<>();
        private int next;

        Runtime sandbox(boolean ready) {
            sandboxes.add(new PodSandboxStatus(
                    "s" + sandboxes.size(),
                    new PodSandboxConfig.PodSandboxMetadata("p", "uid-p", "default", sandboxes.size()),
                    ready ? PodSandboxStatus.SandboxState.READY : PodSandboxStatus.SandboxState.NOTREADY,
                    T0.plusSeconds(sandboxes.size()),
                    ready ? List.of("10.244.0.7") : List.of(),
                    Map.of()));
            return this;
        }

        Runtime running(String name, int attempt) {
            return add(name, attempt, io.skiff.kubelet.cri.ContainerStatus.ContainerState.RUNNING, 0, "");
        }

        Runtime exited(String name, int attempt, int exitCode) {
            return add(
                    name,
                    attempt,
                    io.skiff.kubelet.cri.ContainerStatus.ContainerState.EXITED,
                    exitCode,
                    exitCode == 0 ? "Completed" : "Error");
        }

        private Runtime add(
                String name,
                int attempt,
                io.skiff.kubelet.cri.ContainerStatus.ContainerState state,
                int exitCode,
                String reason) {
            next++;
            Instant created = T0.plusSeconds(10L * next);
            containers.add(new io.skiff.kubelet.cri.ContainerStatus(
                    "c" + next,
                    "s0",
                    name,
                    attempt,
                    state,
                    "sha256:busybox",
                    created,
                    created.plusSeconds(1),
                    state == io.skiff.kubelet.cri.ContainerStatus.ContainerState.EXITED ? created.plusSeconds(5) : null,
                    exitCode,
                    reason,
                    "",
                    "/logs",
                    Map.of()));
            return this;
        }

        RuntimePod build() {
            return new RuntimePod("uid-p", sandboxes, containers);
        }
    }

    private static Runtime runtime() {
        return new Runtime();
    }

    private static Pod pod(String restartPolicy, String... containers) {
        return TestPods.pod(
                "p",
                restartPolicy,
                Stream.of(containers)
                        .map(name -> container(name, "true"))
                        .toArray(io.fabric8.kubernetes.api.model.Container[]::new));
    }

    private static Pod withInit(Pod pod, String... initContainers) {
        return new PodBuilder(pod)
                .editSpec()
                .withInitContainers(Stream.of(initContainers)
                        .map(name -> container(name, "true"))
                        .toList())
                .endSpec()
                .build();
    }

    record Case(
            String name,
            Pod pod,
            RuntimePod runtime,
            UnaryOperator<WaitingReasons> reasons,
            String phase,
            List<String> conditions,
            List<String> containers) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "no sandbox yet: containers wait in ContainerCreating",
                        pod("Always", "b", "a"),
                        runtime().build(),
                        r -> r,
                        "Pending",
                        List.of(
                                "PodReadyToStartContainers=False",
                                "Initialized=True",
                                "Ready=False ContainersNotReady: containers with unready status: [b a]",
                                "ContainersReady=False ContainersNotReady: containers with unready status: [b a]",
                                "PodScheduled=True"),
                        List.of("a waiting ContainerCreating ready=false", "b waiting ContainerCreating ready=false")),
                new Case(
                        "every container running: Running and Ready",
                        pod("Always", "a", "b"),
                        runtime().sandbox(true).running("a", 0).running("b", 0).build(),
                        r -> r,
                        "Running",
                        List.of(
                                "PodReadyToStartContainers=True",
                                "Initialized=True",
                                "Ready=True",
                                "ContainersReady=True",
                                "PodScheduled=True"),
                        List.of("a running ready=true restarts=0", "b running ready=true restarts=0")),
                new Case(
                        "a crash-looping container waits with its reason and shows its last exit",
                        pod("Always", "a", "b"),
                        runtime()
                                .sandbox(true)
                                .running("a", 0)
                                .exited("b", 0, 1)
                                .exited("b", 1, 1)
                                .build(),
                        r -> {
                            r.put(
                                    "uid-p",
                                    "b",
                                    "CrashLoopBackOff",
                                    "back-off 10s restarting failed container=b pod=p_default(uid-p)");
                            return r;
                        },
                        "Running",
                        List.of(
                                "PodReadyToStartContainers=True",
                                "Initialized=True",
                                "Ready=False ContainersNotReady: containers with unready status: [b]",
                                "ContainersReady=False ContainersNotReady: containers with unready status: [b]",
                                "PodScheduled=True"),
                        List.of(
                                "a running ready=true restarts=0",
                                "b waiting CrashLoopBackOff ready=false restarts=1 last=terminated 1 Error")),
                new Case(
                        "an init container running: Pending, not initialized, app containers PodInitializing",
                        withInit(pod("Always", "app"), "setup", "migrate"),
                        runtime()
                                .sandbox(true)
                                .exited("setup", 0, 0)
                                .running("migrate", 0)
                                .build(),
                        r -> r,
                        "Pending",
                        List.of(
                                "PodReadyToStartContainers=True",
                                "Initialized=False ContainersNotInitialized: containers with incomplete status: [migrate]",
                                "Ready=False ContainersNotReady: containers with unready status: [app]",
                                "ContainersReady=False ContainersNotReady: containers with unready status: [app]",
                                "PodScheduled=True"),
                        List.of(
                                "app waiting PodInitializing ready=false",
                                "setup terminated 0 Completed ready=true restarts=0",
                                "migrate running ready=false restarts=0")),
                new Case(
                        "restartPolicy Never and every container succeeded: Succeeded, PodCompleted",
                        pod("Never", "a"),
                        runtime().sandbox(false).exited("a", 0, 0).build(),
                        r -> r,
                        "Succeeded",
                        List.of(
                                "PodReadyToStartContainers=False",
                                "Initialized=True PodCompleted",
                                "Ready=False PodCompleted",
                                "ContainersReady=False PodCompleted",
                                "PodScheduled=True"),
                        List.of("a terminated 0 Completed ready=false restarts=0")),
                new Case(
                        "restartPolicy Never and a container failed: Failed, PodFailed",
                        pod("Never", "a", "b"),
                        runtime()
                                .sandbox(false)
                                .exited("a", 0, 0)
                                .exited("b", 0, 2)
                                .build(),
                        r -> r,
                        "Failed",
                        List.of(
                                "PodReadyToStartContainers=False",
                                "Initialized=True",
                                "Ready=False PodFailed",
                                "ContainersReady=False PodFailed",
                                "PodScheduled=True"),
                        List.of(
                                "a terminated 0 Completed ready=false restarts=0",
                                "b terminated 2 Error ready=false restarts=0")),
                new Case(
                        "restartPolicy OnFailure with a failed container about to restart: Running",
                        pod("OnFailure", "a"),
                        runtime().sandbox(true).exited("a", 0, 1).build(),
                        r -> r,
                        "Running",
                        List.of(
                                "PodReadyToStartContainers=True",
                                "Initialized=True",
                                "Ready=False ContainersNotReady: containers with unready status: [a]",
                                "ContainersReady=False ContainersNotReady: containers with unready status: [a]",
                                "PodScheduled=True"),
                        List.of("a terminated 1 Error ready=false restarts=0")),
                new Case(
                        "a pull that failed: waiting ErrImagePull, Pending",
                        pod("Always", "a"),
                        runtime().sandbox(true).build(),
                        r -> {
                            r.put("uid-p", "a", "ErrImagePull", "not found");
                            return r;
                        },
                        "Pending",
                        List.of(
                                "PodReadyToStartContainers=True",
                                "Initialized=True",
                                "Ready=False ContainersNotReady: containers with unready status: [a]",
                                "ContainersReady=False ContainersNotReady: containers with unready status: [a]",
                                "PodScheduled=True"),
                        List.of("a waiting ErrImagePull ready=false")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void status(Case testCase) {
        WaitingReasons reasons = testCase.reasons().apply(new WaitingReasons());
        PodStatusGenerator generator = new PodStatusGenerator(reasons, ProbeResults.NONE, HOST_IPS);

        PodStatus status = generator.generate(
                testCase.pod(), testCase.runtime(), testCase.pod().getStatus(), "process", false);

        assertThat(status.getPhase()).isEqualTo(testCase.phase());
        assertThat(status.getConditions())
                .extracting(PodStatusGeneratorTest::describeCondition)
                .containsExactlyElementsOf(testCase.conditions());
        List<ContainerStatus> all = new ArrayList<>(status.getContainerStatuses());
        if (status.getInitContainerStatuses() != null) {
            all.addAll(status.getInitContainerStatuses());
        }
        assertThat(all)
                .extracting(PodStatusGeneratorTest::describeContainer)
                .containsExactlyElementsOf(testCase.containers());
        assertThat(status.getHostIP()).isEqualTo("192.0.2.10");
        assertThat(status.getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void runningContainersCarryTheirIdImageAndStartTimeAndThePodItsSandboxAddress() {
        PodStatusGenerator generator = new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, HOST_IPS);
        Pod pod = pod("Always", "a");

        PodStatus status =
                generator.generate(pod, runtime().sandbox(true).running("a", 0).build(), null, "process", false);

        ContainerStatus a = status.getContainerStatuses().get(0);
        assertThat(a.getContainerID()).isEqualTo("process://c1");
        assertThat(a.getImage()).isEqualTo("busybox:1.36");
        assertThat(a.getImageID()).isEqualTo("sha256:busybox");
        assertThat(a.getStarted()).isTrue();
        assertThat(a.getState().getRunning().getStartedAt()).isEqualTo("2026-01-02T03:04:16Z");
        assertThat(status.getPodIP()).isEqualTo("10.244.0.7");
        assertThat(status.getPodIPs()).extracting(ip -> ip.getIp()).containsExactly("10.244.0.7");
        assertThat(status.getHostIPs()).extracting(ip -> ip.getIp()).containsExactly("192.0.2.10");
    }

    @Test
    void probeVerdictsDecideStartedAndReady() {
        ProbeResults probes = new ProbeResults() {
            @Override
            public boolean started(String podUid, String containerName, String containerId) {
                return !containerName.equals("slow");
            }

            @Override
            public boolean ready(String podUid, String containerName, String containerId) {
                return containerName.equals("ok");
            }
        };
        PodStatusGenerator generator = new PodStatusGenerator(new WaitingReasons(), probes, HOST_IPS);
        Pod pod = pod("Always", "ok", "slow", "unready");

        PodStatus status = generator.generate(
                pod,
                runtime()
                        .sandbox(true)
                        .running("ok", 0)
                        .running("slow", 0)
                        .running("unready", 0)
                        .build(),
                null,
                "process",
                false);

        assertThat(status.getContainerStatuses())
                .extracting(c -> c.getName() + " started=" + c.getStarted() + " ready=" + c.getReady())
                .containsExactly(
                        "ok started=true ready=true",
                        "slow started=false ready=false",
                        "unready started=true ready=false");
        assertThat(describeCondition(status.getConditions().get(2)))
                .isEqualTo("Ready=False ContainersNotReady: containers with unready status: [slow unready]");
    }

    @Test
    void readinessGatesMustBeTrueForThePodToBeReady() {
        Pod pod = new PodBuilder(pod("Always", "a"))
                .editSpec()
                .addNewReadinessGate("example.com/lb-ready")
                .addNewReadinessGate("example.com/warm")
                .endSpec()
                .editStatus()
                .addToConditions(new PodCondition(null, null, null, null, null, "False", "example.com/warm"))
                .endStatus()
                .build();
        PodStatusGenerator generator = new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, HOST_IPS);

        PodStatus status =
                generator.generate(pod, runtime().sandbox(true).running("a", 0).build(), null, "process", false);

        assertThat(status.getConditions())
                .extracting(PodStatusGeneratorTest::describeCondition)
                .containsExactly(
                        "example.com/warm=False",
                        "PodReadyToStartContainers=True",
                        "Initialized=True",
                        "Ready=False ReadinessGatesNotReady: corresponding condition of pod readiness gate \"example.com/lb-ready\""
                                + " does not exist., the status of pod readiness gate \"example.com/warm\" is not \"True\", but False",
                        "ContainersReady=True",
                        "PodScheduled=True");
    }

    @Test
    void aPodStoppedForDeletionIsTerminalWhateverItsRestartPolicy() {
        PodStatusGenerator generator = new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, HOST_IPS);
        Pod pod = pod("Always", "a");
        RuntimePod stopped = runtime().sandbox(false).exited("a", 0, 143).build();

        assertThat(generator.generate(pod, stopped, null, "process", false).getPhase())
                .isEqualTo("Running");
        assertThat(generator.generate(pod, stopped, null, "process", true).getPhase())
                .isEqualTo("Failed");
    }

    @Test
    void aTerminalPhaseNeverChangesAgain() {
        Pod pod = new PodBuilder(pod("Always", "a"))
                .editStatus()
                .withPhase("Succeeded")
                .endStatus()
                .build();
        PodStatusGenerator generator = new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, HOST_IPS);

        PodStatus status =
                generator.generate(pod, runtime().sandbox(true).running("a", 0).build(), null, "process", false);

        assertThat(status.getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void aHostNetworkPodHasTheNodesAddressesWhenItsSandboxReportsNone() {
        Pod pod = new PodBuilder(pod("Always", "a"))
                .editSpec()
                .withHostNetwork(true)
                .endSpec()
                .build();
        PodStatusGenerator generator = new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, HOST_IPS);

        PodStatus status = generator.generate(pod, runtime().build(), null, "process", false);

        assertThat(status.getPodIP()).isEqualTo("192.0.2.10");
    }

    static Stream<Arguments> qosClasses() {
        return Stream.of(
                Arguments.of("no requests or limits", Map.of(), Map.of(), "BestEffort"),
                Arguments.of("requests only", Map.of("cpu", "100m"), Map.of(), "Burstable"),
                Arguments.of(
                        "limits equal to requests for cpu and memory",
                        Map.of("cpu", "1", "memory", "1Gi"),
                        Map.of("cpu", "1000m", "memory", "1Gi"),
                        "Guaranteed"),
                Arguments.of(
                        "limits alone (requests default to them)",
                        Map.of(),
                        Map.of("cpu", "1", "memory", "1Gi"),
                        "Guaranteed"),
                Arguments.of("a memory limit only", Map.of(), Map.of("memory", "1Gi"), "Burstable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qosClasses")
    void qosClass(String description, Map<String, String> requests, Map<String, String> limits, String expected) {
        Pod pod = new PodBuilder(pod("Always", "a"))
                .editSpec()
                .editFirstContainer()
                .withNewResources()
                .withRequests(quantities(requests))
                .withLimits(quantities(limits))
                .endResources()
                .endContainer()
                .endSpec()
                .build();

        assertThat(QosClasses.of(pod)).isEqualTo(expected);
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new java.util.HashMap<>();
        values.forEach((name, value) -> quantities.put(name, new Quantity(value)));
        return quantities;
    }

    private static String describeCondition(PodCondition condition) {
        String text = condition.getType() + "=" + condition.getStatus();
        if (condition.getReason() != null) {
            text += " " + condition.getReason();
        }
        if (condition.getMessage() != null) {
            text += ": " + condition.getMessage();
        }
        return text;
    }

    private static String describeContainer(ContainerStatus status) {
        StringBuilder text = new StringBuilder(status.getName()).append(' ').append(describeState(status.getState()));
        text.append(" ready=").append(status.getReady());
        if (status.getContainerID() != null) {
            text.append(" restarts=").append(status.getRestartCount());
        }
        if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
            text.append(" last=").append(describeState(status.getLastState()));
        }
        return text.toString();
    }

    private static String describeState(ContainerState state) {
        if (state.getRunning() != null) {
            return "running";
        }
        if (state.getTerminated() != null) {
            return "terminated " + state.getTerminated().getExitCode() + " "
                    + state.getTerminated().getReason();
        }
        return "waiting " + state.getWaiting().getReason();
    }
}
