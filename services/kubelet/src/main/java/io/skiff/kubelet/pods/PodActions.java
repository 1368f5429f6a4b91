package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.status.PodPhases;
import io.skiff.kubelet.status.ProbeResults;
import io.skiff.kubelet.status.RestartPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one sync of a running pod must do (Kubernetes' computePodActions without sidecar containers):
 * whether to kill the pod (its sandbox changed, or nothing is left to run), whether to create a
 * sandbox, which init container runs next (each to completion, in order), which app containers to
 * start and which running ones to kill.
 *
 * @param killPod stop every container and the sandbox
 * @param createSandbox create a new sandbox (after killing the old one)
 * @param sandboxId the current sandbox, if there is one
 * @param attempt the sandbox attempt to create
 * @param nextInitContainer the init container to start
 * @param containersToStart the app containers to start, in spec order
 * @param containersToKill running containers to stop, with the Killing event's message
 */
record PodActions(
        boolean killPod,
        boolean createSandbox,
        String sandboxId,
        int attempt,
        Container nextInitContainer,
        List<Container> containersToStart,
        Map<ContainerStatus, String> containersToKill) {

    static PodActions compute(Pod pod, RuntimePod runtime, ProbeResults probes, String runtimeName) {
        SandboxChange sandbox = SandboxChange.of(pod, runtime);
        List<Container> containers = orEmpty(pod.getSpec().getContainers());
        List<Container> initContainers = orEmpty(pod.getSpec().getInitContainers());
        boolean restartOnFailure = !"Never".equals(PodPhases.restartPolicy(pod));

        if (sandbox.changed()) {
            if (!restartOnFailure
                    && sandbox.attempt() != 0
                    && !runtime.containers().isEmpty()) {
                // Everything ran and nothing restarts: do not create a sandbox only to stop it.
                return new PodActions(true, false, sandbox.id(), sandbox.attempt(), null, List.of(), Map.of());
            }
            List<Container> toStart = new ArrayList<>();
            for (Container container : containers) {
                if ("OnFailure".equals(PodPhases.restartPolicy(pod)) && succeeded(container, runtime)) {
                    continue;
                }
                toStart.add(container);
            }
            if (toStart.isEmpty() && InitProgress.of(pod, runtime).done()) {
                return new PodActions(true, false, sandbox.id(), sandbox.attempt(), null, List.of(), Map.of());
            }
            if (!initContainers.isEmpty()) {
                return new PodActions(
                        true, true, sandbox.id(), sandbox.attempt(), initContainers.get(0), List.of(), Map.of());
            }
            return new PodActions(true, true, sandbox.id(), sandbox.attempt(), null, toStart, Map.of());
        }

        InitProgress init = InitProgress.of(pod, runtime);
        if (!init.done()) {
            Container next = null;
            boolean killPod = false;
            Map<ContainerStatus, String> toKill = new LinkedHashMap<>();
            if (init.next() != null) {
                boolean failed = init.lastFailed() != null && isFailed(init.lastFailed());
                if (failed && !restartOnFailure) {
                    killPod = true;
                } else {
                    if (init.lastFailed() != null
                            && init.lastFailed().state() == ContainerStatus.ContainerState.UNKNOWN) {
                        toKill.put(
                                init.lastFailed(),
                                "Init container is in \"" + "unknown" + "\" state, try killing it before restart");
                    }
                    next = init.next();
                }
            }
            return new PodActions(killPod, false, sandbox.id(), sandbox.attempt(), next, List.of(), toKill);
        }

        int keep = 0;
        List<Container> toStart = new ArrayList<>();
        Map<ContainerStatus, String> toKill = new LinkedHashMap<>();
        String uid = pod.getMetadata().getUid();
        for (Container container : containers) {
            Optional<ContainerStatus> status = runtime.latest(container.getName());
            if (status.isEmpty() || status.get().state() != ContainerStatus.ContainerState.RUNNING) {
                if (RestartPolicies.shouldRestart(container, pod, runtime)) {
                    toStart.add(container);
                    if (status.isPresent() && status.get().state() == ContainerStatus.ContainerState.UNKNOWN) {
                        toKill.put(status.get(), "Container is in \"unknown\" state, try killing it before restart");
                    }
                }
                continue;
            }
            Optional<String> restartReason = probes.restartReason(
                    uid, container.getName(), runtimeName + "://" + status.get().id());
            if (restartReason.isEmpty()) {
                keep++;
                continue;
            }
            String message = restartReason.get();
            if (restartOnFailure) {
                message = message + ", will be restarted";
                toStart.add(container);
            }
            toKill.put(status.get(), message);
        }
        boolean killPod = keep == 0 && toStart.isEmpty();
        return new PodActions(killPod, false, sandbox.id(), sandbox.attempt(), null, toStart, toKill);
    }

    /** Exited non-zero, or in an unknown state (isInitContainerFailed). */
    static boolean isFailed(ContainerStatus status) {
        return (status.state() == ContainerStatus.ContainerState.EXITED && status.exitCode() != 0)
                || status.state() == ContainerStatus.ContainerState.UNKNOWN;
    }

    private static boolean succeeded(Container container, RuntimePod runtime) {
        return runtime.latest(container.getName())
                .filter(c -> c.state() == ContainerStatus.ContainerState.EXITED && c.exitCode() == 0)
                .isPresent();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * Whether the pod needs a new sandbox (kuberuntime's PodSandboxChanged): none yet, more than one
     * ready, the newest not ready, or a pod-network sandbox without an address.
     *
     * @param attempt the attempt of the sandbox to create (the newest's plus one)
     */
    record SandboxChange(boolean changed, int attempt, String id) {

        static SandboxChange of(Pod pod, RuntimePod runtime) {
            Optional<PodSandboxStatus> latest = runtime.latestSandbox();
            if (latest.isEmpty()) {
                return new SandboxChange(true, 0, null);
            }
            PodSandboxStatus newest = latest.get();
            long ready = runtime.sandboxes().stream()
                    .filter(s -> s.state() == PodSandboxStatus.SandboxState.READY)
                    .count();
            int nextAttempt = newest.metadata().attempt() + 1;
            if (ready > 1 || newest.state() != PodSandboxStatus.SandboxState.READY) {
                return new SandboxChange(true, nextAttempt, newest.id());
            }
            if (!Boolean.TRUE.equals(pod.getSpec().getHostNetwork())
                    && newest.ips().isEmpty()) {
                return new SandboxChange(true, nextAttempt, newest.id());
            }
            return new SandboxChange(false, newest.metadata().attempt(), newest.id());
        }
    }

    /**
     * How far initialisation got (findNextInitContainerToRun).
     *
     * @param lastFailed the newest status of the init container that failed, if one did
     * @param next the init container to start (the failed one, to retry it)
     * @param done every init container succeeded (or an app container is running)
     */
    record InitProgress(ContainerStatus lastFailed, Container next, boolean done) {

        static InitProgress of(Pod pod, RuntimePod runtime) {
            List<Container> initContainers = orEmpty(pod.getSpec().getInitContainers());
            if (initContainers.isEmpty()) {
                return new InitProgress(null, null, true);
            }
            for (Container container : orEmpty(pod.getSpec().getContainers())) {
                Optional<ContainerStatus> status = runtime.latest(container.getName());
                if (status.isPresent() && status.get().state() == ContainerStatus.ContainerState.RUNNING) {
                    return new InitProgress(null, null, true);
                }
            }
            for (int i = initContainers.size() - 1; i >= 0; i--) {
                Container container = initContainers.get(i);
                Optional<ContainerStatus> status = runtime.latest(container.getName());
                if (status.isPresent() && isFailed(status.get())) {
                    return new InitProgress(status.get(), container, false);
                }
            }
            for (int i = initContainers.size() - 1; i >= 0; i--) {
                Optional<ContainerStatus> status =
                        runtime.latest(initContainers.get(i).getName());
                if (status.isEmpty()) {
                    continue;
                }
                if (status.get().state() == ContainerStatus.ContainerState.RUNNING) {
                    return new InitProgress(null, null, false);
                }
                if (status.get().state() == ContainerStatus.ContainerState.EXITED) {
                    if (i == initContainers.size() - 1) {
                        return new InitProgress(null, null, true);
                    }
                    return new InitProgress(null, initContainers.get(i + 1), false);
                }
            }
            return new InitProgress(null, initContainers.get(0), false);
        }
    }
}
