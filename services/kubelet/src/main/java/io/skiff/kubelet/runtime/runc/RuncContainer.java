package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.runtime.lifecycle.ContainerLifecycle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A container of this runtime and its lifecycle: created (bundle ready), running (its
 * {@code runc run} alive), exited (with the code and reason), as the kubelet sees it.
 */
final class RuncContainer {

    final String id;
    final String sandboxId;
    final ContainerConfig config;
    final Path bundle;
    /** Null when the kubelet asked for no log. */
    final Path logPath;

    final String stopSignal;
    /** Where runc puts its memory cgroup; null without a memory controller. */
    final Path memoryCgroup;
    /** The container's log while its process runs; null before. */
    volatile CriLogFile logFile;
    /** Completed once the container's process has exited and its output is in the log. */
    final CompletableFuture<Void> exit = new CompletableFuture<>();

    private final ContainerLifecycle lifecycle;
    private boolean startClaimed;

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
        this.lifecycle = new ContainerLifecycle(id, sandboxId, config, logPath, createdAt);
        this.stopSignal = stopSignal;
        this.memoryCgroup = memoryCgroup;
    }

    synchronized ContainerStatus.ContainerState state() {
        return lifecycle.state();
    }

    /** True for the one caller that may start the container: it is created and nobody started it yet. */
    synchronized boolean claimStart() {
        if (lifecycle.state() != ContainerStatus.ContainerState.CREATED || startClaimed) {
            return false;
        }
        startClaimed = true;
        return true;
    }

    synchronized void started(Instant at) {
        lifecycle.started(at);
    }

    /**
     * Records the exit: "OOMKilled" when the kernel's OOM killer killed a process of the
     * container, else containerd's "Completed" for 0 and "Error" for anything else.
     */
    synchronized void exited(Instant at, int code, boolean oomKilled) {
        lifecycle.exited(at, code, oomKilled ? "OOMKilled" : code == 0 ? "Completed" : "Error");
        exit.complete(null);
    }

    synchronized void failedToStart(Instant at, String error) {
        lifecycle.failedToStart(at, error);
        exit.complete(null);
    }

    synchronized ContainerStatus status() {
        return lifecycle.status();
    }
}
