package io.skiff.kubelet.cri;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the runtime sees it (CRI ContainerStatus).
 *
 * @param startedAt null until it started
 * @param finishedAt null until it exited
 * @param exitCode meaningful once EXITED
 * @param reason why it exited, as the kubelet reports it: Completed, Error, OOMKilled, ...
 * @param logPath the absolute path of its log file
 */
public record ContainerStatus(
        String id,
        String sandboxId,
        String name,
        int attempt,
        ContainerState state,
        String image,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int exitCode,
        String reason,
        String message,
        String logPath,
        Map<String, String> labels) {

    public ContainerStatus {
        labels = Map.copyOf(labels);
    }

    public enum ContainerState {
        CREATED,
        RUNNING,
        EXITED,
        UNKNOWN
    }
}
