package io.skiff.kubelet.container;

import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One pod as the container runtime holds it (Kubernetes' kubecontainer.PodStatus): its sandboxes
 * and the containers in them, each list newest first.
 *
 * @param uid the pod's UID
 */
public record RuntimePod(String uid, List<PodSandboxStatus> sandboxes, List<ContainerStatus> containers) {

    private static final Comparator<PodSandboxStatus> NEWEST_SANDBOX_FIRST =
            Comparator.comparing(PodSandboxStatus::createdAt).reversed();
    private static final Comparator<ContainerStatus> NEWEST_CONTAINER_FIRST = Comparator.comparing(
                    ContainerStatus::createdAt)
            .thenComparingInt(ContainerStatus::attempt)
            .reversed();

    public RuntimePod {
        sandboxes = sandboxes.stream().sorted(NEWEST_SANDBOX_FIRST).toList();
        containers = containers.stream().sorted(NEWEST_CONTAINER_FIRST).toList();
    }

    /** A pod the runtime has nothing of. */
    public static RuntimePod empty(String uid) {
        return new RuntimePod(uid, List.of(), List.of());
    }

    public boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }

    /** The newest sandbox, whatever its state. */
    public Optional<PodSandboxStatus> latestSandbox() {
        return sandboxes.stream().findFirst();
    }

    /** The newest container of that name (kubecontainer's FindContainerStatusByName). */
    public Optional<ContainerStatus> latest(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    /** Every container of that name, newest first. */
    public List<ContainerStatus> named(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).toList();
    }

    /** The containers that are running. */
    public List<ContainerStatus> running() {
        return containers.stream()
                .filter(c -> c.state() == ContainerStatus.ContainerState.RUNNING)
                .toList();
    }

    /** The pod's addresses from its newest sandbox, when that sandbox is ready. */
    public List<String> ips() {
        return latestSandbox()
                .filter(sandbox -> sandbox.state() == PodSandboxStatus.SandboxState.READY)
                .map(PodSandboxStatus::ips)
                .orElse(List.of());
    }
}
