package io.skiff.kubelet.runtime.process;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerStatus;
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
    final Instant createdAt;

    private ContainerStatus.ContainerState state = ContainerStatus.ContainerState.CREATED;
    private Process process;
    private ProcessTree tree;
    private Instant startedAt;
    private Instant finishedAt;
    private int exitCode;
    private String reason = "";
    private String message = "";

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
        this.createdAt = createdAt;
    }

    /** The command line: command then args (the process runtime has no image entrypoint to fall back on). */
    List<String> commandLine() {
        return java.util.stream.Stream.concat(config.command().stream(), config.args().stream())
                .toList();
    }

    synchronized void started(Process started, Instant at) {
        process = started;
        tree = new ProcessTree(started.toHandle());
        startedAt = at;
        state = ContainerStatus.ContainerState.RUNNING;
    }

    synchronized void failedToStart(Instant at, String why) {
        state = ContainerStatus.ContainerState.EXITED;
        finishedAt = at;
        exitCode = 128;
        reason = "StartError";
        message = why;
    }

    synchronized void exited(int code, Instant at) {
        if (state == ContainerStatus.ContainerState.EXITED) {
            return;
        }
        state = ContainerStatus.ContainerState.EXITED;
        exitCode = code;
        finishedAt = at;
        reason = code == 0 ? "Completed" : "Error";
    }

    synchronized boolean isRunning() {
        return state == ContainerStatus.ContainerState.RUNNING;
    }

    synchronized ContainerStatus.ContainerState state() {
        return state;
    }

    synchronized Process process() {
        return process;
    }

    synchronized ProcessTree tree() {
        return tree;
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
                logPath.toString(),
                config.labels());
    }
}
