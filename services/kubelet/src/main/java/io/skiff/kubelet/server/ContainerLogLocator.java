package io.skiff.kubelet.server;

import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds a container's log through the runtime alone: the pod's sandboxes (by metadata name and
 * namespace), the containers of that name in them, newest attempt first; the current one is the
 * newest, the previous one the one before. Refusals carry the kubelet's words.
 */
final class ContainerLogLocator {

    private static final Comparator<ContainerStatus> NEWEST_FIRST = Comparator.comparingInt(ContainerStatus::attempt)
            .thenComparing(ContainerStatus::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed();

    private final RuntimeService runtime;

    ContainerLogLocator(RuntimeService runtime) {
        this.runtime = runtime;
    }

    ContainerStatus locate(String namespace, String pod, String container, boolean previous) {
        Set<String> sandboxes = runtime.listPodSandboxes().stream()
                .filter(s -> s.metadata() != null
                        && pod.equals(s.metadata().name())
                        && namespace.equals(s.metadata().namespace()))
                .map(PodSandboxStatus::id)
                .collect(Collectors.toSet());
        if (sandboxes.isEmpty()) {
            throw new LogsException(404, "pod \"" + pod + "\" does not exist");
        }
        List<ContainerStatus> attempts = sandboxes.stream()
                .flatMap(id -> runtime.listContainers(id).stream())
                .filter(c -> container.equals(c.name()))
                .sorted(NEWEST_FIRST)
                .toList();
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
