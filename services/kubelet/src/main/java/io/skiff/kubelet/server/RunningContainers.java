package io.skiff.kubelet.server;

import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the running container an exec goes to, through the runtime: the pod's sandboxes (by
 * metadata name and namespace), then the newest running container of that name in them, as the
 * kubelet's findContainer looks among the running pods. Refusals carry the kubelet's words.
 */
final class RunningContainers {

    private final RuntimeService runtime;

    RunningContainers(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** The runtime's id of the container. */
    String locate(String namespace, String pod, String container) {
        Set<String> sandboxes = runtime.listPodSandboxes().stream()
                .filter(s -> s.metadata() != null
                        && pod.equals(s.metadata().name())
                        && namespace.equals(s.metadata().namespace()))
                .map(PodSandboxStatus::id)
                .collect(Collectors.toSet());
        if (sandboxes.isEmpty()) {
            throw new ExecRefusal(404, "pod does not exist");
        }
        return sandboxes.stream()
                .flatMap(id -> runtime.listContainers(id).stream())
                .filter(c -> container.equals(c.name()) && c.state() == ContainerStatus.ContainerState.RUNNING)
                .max(Comparator.comparingInt(ContainerStatus::attempt))
                .map(ContainerStatus::id)
                .orElseThrow(() -> new ExecRefusal(500, "container not found (\"" + container + "\")"));
    }
}
