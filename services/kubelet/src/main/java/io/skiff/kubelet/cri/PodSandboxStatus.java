package io.skiff.kubelet.cri;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sandbox as the runtime sees it (CRI PodSandboxStatus).
 *
 * @param ips the pod's addresses, the primary first; empty with host networking or before the
 *     network is up
 */
public record PodSandboxStatus(
        String id,
        PodSandboxConfig.PodSandboxMetadata metadata,
        SandboxState state,
        Instant createdAt,
        List<String> ips,
        Map<String, String> labels) {

    public PodSandboxStatus {
        ips = List.copyOf(ips);
        labels = Map.copyOf(labels);
    }

    public enum SandboxState {
        READY,
        NOTREADY
    }
}
