package io.skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a container's log. The pod is found among the runtime's sandboxes (by metadata name and
 * namespace); which of its containers is meant comes from the status the kubelet last computed for
 * the pod, as in Kubernetes ({@link ContainerLogStatus}), and that container's log path from the
 * runtime. A pod the kubelet has computed no status for yet is read from the runtime alone: the
 * newest attempt of the container, or for {@code previous} the one before it. Refusals carry the
 * kubelet's words.
 */
final class ContainerLogLocator {

    private static final Comparator<ContainerStatus> NEWEST_FIRST = Comparator.comparingInt(ContainerStatus::attempt)
            .thenComparing(ContainerStatus::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed();

    private final RuntimeService runtime;
    private final Function<String, Optional<PodStatus>> podStatuses;

    /**
     * @param podStatuses the status the kubelet last computed for a pod, by UID
     */
    ContainerLogLocator(RuntimeService runtime, Function<String, Optional<PodStatus>> podStatuses) {
        this.runtime = runtime;
        this.podStatuses = podStatuses;
    }

    ContainerStatus locate(String namespace, String pod, String container, boolean previous) {
        List<PodSandboxStatus> sandboxes = runtime.listPodSandboxes().stream()
                .filter(s -> s.metadata() != null
                        && pod.equals(s.metadata().name())
                        && namespace.equals(s.metadata().namespace()))
                .sorted(Comparator.comparing(PodSandboxStatus::createdAt).reversed())
                .toList();
        if (sandboxes.isEmpty()) {
            throw new LogsException(404, "pod \"" + pod + "\" does not exist");
        }
        List<ContainerStatus> attempts = sandboxes.stream()
                .flatMap(s -> runtime.listContainers(s.id()).stream())
                .filter(c -> container.equals(c.name()))
                .sorted(NEWEST_FIRST)
                .toList();
        Optional<PodStatus> status =
                podStatuses.apply(sandboxes.get(0).metadata().uid());
        if (status.isPresent()) {
            String containerId = ContainerLogStatus.containerId(status.get(), pod, container, previous);
            String runtimeId = containerId.substring(containerId.indexOf("://") + 3);
            return attempts.stream()
                    .filter(c -> c.id().equals(runtimeId))
                    .findFirst()
                    .orElseThrow(() -> new LogsException(400, "unable to retrieve container logs for " + containerId));
        }
        if (previous) {
            if (attempts.size() < 2) {
                throw new LogsException(
                        400, "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
            }
            return attempts.get(1);
        }
        if (attempts.isEmpty()) {
            throw new LogsException(
                    400,
                    "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: ContainerCreating");
        }
        return attempts.get(0);
    }

    /** Whether the container still runs (a follower keeps reading while it does). */
    boolean running(String containerId) {
        return runtime.containerStatus(containerId)
                .map(s -> s.state() == ContainerStatus.ContainerState.RUNNING)
                .orElse(false);
    }
}
