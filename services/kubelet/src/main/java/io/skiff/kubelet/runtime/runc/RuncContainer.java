package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A container of this runtime and its lifecycle: created (bundle ready), running (its
 * {@code runc run} alive), exited (with the code and reason), as the kubelet sees it.
 */
final class RuncContainer {

    /** containerd's exit code and reason for a container that could not be started. */
    static final int START_ERROR_EXIT_CODE = 128;

    static final String START_ERROR = "StartError";

    final String id;
    final String sandboxId;
    final ContainerConfig config;
    final Path bundle;
    /** Null when the kubelet asked for no log. */
    final Path logPath;

    final Instant createdAt;
    final String stopSignal;
    /** Where runc puts its memory cgroup; null without a memory controller. */
    final Path memoryCgroup;
    /** Completed once the container's process has exited and its output is in the log. */
    final CompletableFuture<Void> exit = new CompletableFuture<>();

    private ContainerStatus.ContainerState state = ContainerStatus.ContainerState.CREATED;
    private boolean startClaimed;
    private Instant startedAt;
    private Instant finishedAt;
    private int exitCode;
    private String reason = "";
    private String message = "";

    RuncContainer(
            String id,
            String sandboxId,
            ContainerConfig config,
            Path bundle,
            Path logPath,
            Instant createdAt,
            String stopSignal,
            Path memoryCgroup) {
        this.id = id;
        this.sandboxId = sandboxId;
        this.config = config;
        this.bundle = bundle;
        this.logPath = logPath;
        this.createdAt = createdAt;
        this.stopSignal = stopSignal;
        this.memoryCgroup = memoryCgroup;
    }

    synchronized ContainerStatus.ContainerState state() {
        return state;
    }

    /** True for the one caller that may start the container: it is created and nobody started it yet. */
    synchronized boolean claimStart() {
        if (state != ContainerStatus.ContainerState.CREATED || startClaimed) {
            return false;
        }
        startClaimed = true;
        return true;
    }

    synchronized void started(Instant at) {
        state = ContainerStatus.ContainerState.RUNNING;
        startedAt = at;
    }

    /**
     * Records the exit: "OOMKilled" when the kernel's OOM killer killed a process of the
     * container, else containerd's "Completed" for 0 and "Error" for anything else.
     */
    synchronized void exited(Instant at, int code, boolean oomKilled) {
        state = ContainerStatus.ContainerState.EXITED;
        finishedAt = at;
        exitCode = code;
        reason = oomKilled ? "OOMKilled" : code == 0 ? "Completed" : "Error";
        message = "";
        exit.complete(null);
    }

    synchronized void failedToStart(Instant at, String error) {
        state = ContainerStatus.ContainerState.EXITED;
        finishedAt = at;
        exitCode = START_ERROR_EXIT_CODE;
        reason = START_ERROR;
        message = error;
        exit.complete(null);
    }

    synchronized ContainerStatus status() {
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
