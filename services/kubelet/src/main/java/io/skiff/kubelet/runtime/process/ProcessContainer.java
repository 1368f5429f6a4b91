package io.skiff.kubelet.runtime.process;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.runtime.lifecycle.ContainerLifecycle;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One container of the process runtime: its configuration, and its process once started. */
final class ProcessContainer {

    final String id;
    final String sandboxId;
    final ContainerConfig config;
    final Path logPath;
    final Path workingDir;
    final Map<String, String> environment;

    private final ContainerLifecycle lifecycle;
    private Process process;
    private ProcessTree tree;
    private CriLogWriter logs;

    ProcessContainer(
            String id,
            String sandboxId,
            ContainerConfig config,
            Path logPath,
            Path workingDir,
            Map<String, String> environment,
            Instant createdAt) {
        this.id = id;
        this.sandboxId = sandboxId;
        this.config = config;
        this.logPath = logPath;
        this.workingDir = workingDir;
        this.environment = Map.copyOf(environment);
        this.lifecycle = new ContainerLifecycle(id, sandboxId, config, logPath, createdAt);
    }

    /** The command line: command then args (the process runtime has no image entrypoint to fall back on). */
    List<String> commandLine() {
        return java.util.stream.Stream.concat(config.command().stream(), config.args().stream())
                .toList();
    }

    synchronized void started(Process started, CriLogWriter writer, Instant at) {
        process = started;
        logs = writer;
        tree = new ProcessTree(started.toHandle());
        lifecycle.started(at);
    }

    synchronized void failedToStart(Instant at, String why) {
        lifecycle.failedToStart(at, why);
    }

    /** Records the first exit only: "Completed" for 0, "Error" for anything else. */
    synchronized void exited(int code, Instant at) {
        if (lifecycle.state() == ContainerStatus.ContainerState.EXITED) {
            return;
        }
        lifecycle.exited(at, code, code == 0 ? "Completed" : "Error");
    }

    synchronized boolean isRunning() {
        return lifecycle.state() == ContainerStatus.ContainerState.RUNNING;
    }

    synchronized ContainerStatus.ContainerState state() {
        return lifecycle.state();
    }

    synchronized Process process() {
        return process;
    }

    /** The writer of its log while it runs; null before it started. */
    synchronized CriLogWriter logs() {
        return logs;
    }

    synchronized ProcessTree tree() {
        return tree;
    }

    synchronized ContainerStatus status() {
        return lifecycle.status();
    }
}
