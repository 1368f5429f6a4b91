package io.skiff.kubelet.runtime.lifecycle;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ContainerStatus.ContainerState;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A container's state and its times, exit code, reason and message, as its {@link ContainerStatus}
 * reports them. Thread-safe; the runtime decides which transitions it allows.
 */
public final class ContainerLifecycle {

    /** containerd's exit code and reason for a container that could not be started. */
    public static final int START_ERROR_EXIT_CODE = 128;

    public static final String START_ERROR = "StartError";

    private final String id;
    private final String sandboxId;
    private final ContainerConfig config;
    /** Null when the kubelet asked for no log. */
    private final Path logPath;

    private final Instant createdAt;

    private ContainerState state = ContainerState.CREATED;
    private Instant startedAt;
    private Instant finishedAt;
    private int exitCode;
    private String reason = "";
    private String message = "";

    public ContainerLifecycle(String id, String sandboxId, ContainerConfig config, Path logPath, Instant createdAt) {
        this.id = id;
        this.sandboxId = sandboxId;
        this.config = config;
        this.logPath = logPath;
        this.createdAt = createdAt;
    }

    public synchronized ContainerState state() {
        return state;
    }

    public synchronized void started(Instant at) {
        state = ContainerState.RUNNING;
        startedAt = at;
    }

    /** Exited with containerd's {@value #START_ERROR_EXIT_CODE} and "StartError", the error as message. */
    public synchronized void failedToStart(Instant at, String error) {
        exited(at, START_ERROR_EXIT_CODE, START_ERROR, error);
    }

    /** Exited with the code and reason, and no message. */
    public synchronized void exited(Instant at, int code, String why) {
        exited(at, code, why, "");
    }

    private void exited(Instant at, int code, String why, String text) {
        state = ContainerState.EXITED;
        finishedAt = at;
        exitCode = code;
        reason = why;
        message = text;
    }

    public synchronized ContainerStatus status() {
        return new ContainerStatus(
                id,
                sandboxId,
                config.name(),
                config.attempt(),
                state,
                config.image(),
                createdAt,
                startedAt,
                finishedAt,
                exitCode,
                reason,
                message,
                logPath == null ? null : logPath.toString(),
                config.labels());
    }
}
