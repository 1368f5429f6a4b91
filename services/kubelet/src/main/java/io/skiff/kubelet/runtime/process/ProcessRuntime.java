package io.skiff.kubelet.runtime.process;

import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecProcess;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.crilog.CriLogFormat;
import io.skiff.kubelet.files.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code process} runtime: each container is a plain host process started with {@link
 * ProcessBuilder}; a sandbox is a directory. Containers share the host's network (the sandbox
 * reports the node's address as the pod's), file system and users; nothing is isolated or limited.
 * There are no image contents: the container's command and args are run as given, with the
 * container's environment (plus PATH, HOSTNAME and HOME), in its working directory (the sandbox
 * directory when it names none). Output goes to the CRI log file. Stopping signals the whole
 * process tree: SIGTERM, then SIGKILL after the grace period.
 *
 * <p>State lives in memory: processes left by a previous run (recorded in pid files) are killed
 * when the runtime starts, and {@link #close()} stops every container.
 */
public final class ProcessRuntime implements RuntimeService, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessRuntime.class);

    /** The runtime's name and version, as containerRuntimeVersion shows it. */
    public static final String VERSION = "process://0.1.0";

    /** Docker's default PATH, which images usually set. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Duration TRACK_PERIOD = Duration.ofSeconds(1);
    private static final int MAX_EXEC_OUTPUT = 16 * 1024 * 1024;

    private final Path sandboxesDir;
    private final String hostIp;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, ProcessContainer> containers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService tracker;

    private record Sandbox(String id, PodSandboxConfig config, Path directory, Instant createdAt, boolean ready) {

        Sandbox stopped() {
            return new Sandbox(id, config, directory, createdAt, false);
        }
    }

    /**
     * @param root where sandbox directories go
     * @param hostIp the node's address, which every sandbox reports as its pod's
     */
    public ProcessRuntime(Path root, String hostIp) {
        this.sandboxesDir = root.resolve("sandboxes");
        this.hostIp = hostIp;
        killLeftovers();
        try {
            Files.createDirectories(sandboxesDir);
        } catch (IOException e) {
            throw new ContainerRuntimeException("cannot create " + sandboxesDir + ": " + e.getMessage(), e);
        }
        this.tracker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "process-runtime-tracker");
            thread.setDaemon(true);
            return thread;
        });
        tracker.scheduleWithFixedDelay(
                this::trackDescendants, TRACK_PERIOD.toMillis(), TRACK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        String id = newId();
        Path directory = sandboxesDir.resolve(id);
        try {
            Files.createDirectories(directory);
            Files.createDirectories(Path.of(config.logDirectory()));
        } catch (IOException e) {
            throw new ContainerRuntimeException("cannot create the sandbox directory: " + e.getMessage(), e);
        }
        sandboxes.put(id, new Sandbox(id, config, directory, Instant.now(), true));
        return id;
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        Sandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        for (ProcessContainer container : containersOf(sandboxId)) {
            if (container.isRunning()) {
                container.tree().kill();
            }
        }
        sandboxes.computeIfPresent(sandboxId, (id, current) -> current.stopped());
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        Sandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        stopPodSandbox(sandboxId);
        for (ProcessContainer container : containersOf(sandboxId)) {
            removeContainer(container.id);
        }
        sandboxes.remove(sandboxId);
        deleteTree(sandbox.directory());
    }

    @Override
    public Optional<PodSandboxStatus> podSandboxStatus(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(this::status);
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        return sandboxes.values().stream().map(this::status).toList();
    }

    private PodSandboxStatus status(Sandbox sandbox) {
        return new PodSandboxStatus(
                sandbox.id(),
                sandbox.config().metadata(),
                sandbox.ready() ? PodSandboxStatus.SandboxState.READY : PodSandboxStatus.SandboxState.NOTREADY,
                sandbox.createdAt(),
                sandbox.ready() ? List.of(hostIp) : List.of(),
                sandbox.config().labels());
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        Sandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null || !sandbox.ready()) {
            throw new ContainerRuntimeException("sandbox " + sandboxId + " is not ready");
        }
        if (config.command().isEmpty() && config.args().isEmpty()) {
            throw new ContainerRuntimeException("the process runtime runs a container's command as given and cannot"
                    + " run an image's entrypoint: container " + config.name() + " has no command");
        }
        Path workingDir = config.workingDir().isEmpty() ? sandbox.directory() : Path.of(config.workingDir());
        if (!Files.isDirectory(workingDir)) {
            throw new ContainerRuntimeException("working directory " + workingDir + " of container " + config.name()
                    + " does not exist on the host");
        }
        if (!config.mounts().isEmpty()) {
            log.warn(
                    "The process runtime cannot mount volumes: container {} runs without its {} mount(s)",
                    config.name(),
                    config.mounts().size());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.put("HOSTNAME", sandbox.config().hostname());
        environment.put("HOME", System.getProperty("user.home", "/"));
        for (ContainerConfig.EnvVar variable : config.env()) {
            environment.put(variable.name(), variable.value());
        }
        String id = newId();
        Path logPath = Path.of(sandbox.config().logDirectory()).resolve(config.logPath());
        containers.put(
                id, new ProcessContainer(id, sandboxId, config, logPath, workingDir, environment, Instant.now()));
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        ProcessContainer container = container(containerId);
        if (container.state() != ContainerStatus.ContainerState.CREATED) {
            throw new ContainerRuntimeException("container " + containerId + " is not in the created state");
        }
        CriLogWriter logs;
        try {
            logs = new CriLogWriter(container.logPath, Instant::now);
        } catch (IOException e) {
            container.failedToStart(Instant.now(), e.getMessage());
            throw new ContainerRuntimeException(
                    "cannot open the log file " + container.logPath + ": " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(container.commandLine()).directory(container.workingDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(container.environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            logs.close();
            String why = "failed to start " + container.commandLine().get(0) + ": " + e.getMessage();
            container.failedToStart(Instant.now(), why);
            throw new ContainerRuntimeException(why, e);
        }
        container.started(process, logs, Instant.now());
        writePidFile(container, process);
        closeStdin(process);
        Thread stdout = pump(logs, process.getInputStream(), CriLogFormat.STDOUT, containerId);
        Thread stderr = pump(logs, process.getErrorStream(), CriLogFormat.STDERR, containerId);
        process.onExit().thenAccept(exited -> {
            Instant exitedAt = Instant.now();
            // A container's processes end with its first one, as they do in a PID namespace.
            container.tree().kill();
            // Its output is all in the log before it is seen exited: a reader of a finished
            // container's log gets every line, as runc's log copier ensures too.
            join(stdout);
            join(stderr);
            container.exited(exited.exitValue(), exitedAt);
            logs.close();
        });
    }

    /** containerd's ReopenContainerLog: a running container's output goes on in a new file at its log path. */
    @Override
    public void reopenContainerLog(String containerId) {
        ProcessContainer container = container(containerId);
        if (!container.isRunning()) {
            throw new ContainerRuntimeException("container is not running");
        }
        try {
            container.logs().reopen();
        } catch (IOException e) {
            throw new ContainerRuntimeException(
                    "failed to reopen the log of container " + containerId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        ProcessContainer container = containers.get(containerId);
        if (container == null || !container.isRunning()) {
            return;
        }
        container.tree().stop(timeout);
        awaitExitRecorded(container);
    }

    @Override
    public void removeContainer(String containerId) {
        ProcessContainer container = containers.get(containerId);
        if (container == null) {
            return;
        }
        if (container.isRunning()) {
            container.tree().kill();
            awaitExitRecorded(container);
        }
        containers.remove(containerId);
        deletePidFile(container);
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(ProcessContainer::status);
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        return containers.values().stream()
                .filter(c -> sandboxId == null || sandboxId.equals(c.sandboxId))
                .map(ProcessContainer::status)
                .toList();
    }

    /**
     * Runs {@code command} on the host with the container's environment and working directory
     * (there is nothing to enter: the container is a host process).
     */
    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        ProcessContainer container = container(containerId);
        if (!container.isRunning()) {
            throw new ContainerRuntimeException("container " + containerId + " is not running");
        }
        if (command.isEmpty()) {
            throw new ContainerRuntimeException("exec needs a command");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(container.workingDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(container.environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ContainerRuntimeException("exec failed: " + e.getMessage(), e);
        }
        closeStdin(process);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread out = capture(process.getInputStream(), stdout);
        Thread err = capture(process.getErrorStream(), stderr);
        ProcessTree tree = new ProcessTree(process.toHandle());
        boolean exited;
        try {
            exited = process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            tree.kill();
        }
        join(out);
        join(err);
        return exited
                ? new ExecResult(stdout.toByteArray(), stderr.toByteArray(), process.exitValue(), false)
                : new ExecResult(stdout.toByteArray(), stderr.toByteArray(), -1, true);
    }

    /**
     * Starts {@code command} on the host with the container's environment and working directory,
     * its streams handed to the caller ({@link HostExec}); a TTY comes from util-linux's script.
     */
    @Override
    public ExecProcess exec(String containerId, List<String> command, boolean tty) {
        ProcessContainer container = container(containerId);
        if (!container.isRunning()) {
            throw new ContainerRuntimeException("container " + containerId + " is not running");
        }
        return HostExec.start(command, container.workingDir, container.environment, tty);
    }

    /** Stops every container (SIGTERM, SIGKILL after 2 s) and removes every sandbox. */
    @Override
    public void close() {
        tracker.shutdownNow();
        List<ProcessContainer> running =
                containers.values().stream().filter(ProcessContainer::isRunning).toList();
        running.forEach(c -> c.tree().terminate());
        running.forEach(c -> c.tree().stop(Duration.ofSeconds(2)));
        for (String sandboxId : List.copyOf(sandboxes.keySet())) {
            removePodSandbox(sandboxId);
        }
    }

    private ProcessContainer container(String containerId) {
        ProcessContainer container = containers.get(containerId);
        if (container == null) {
            throw new ContainerRuntimeException("container " + containerId + " does not exist");
        }
        return container;
    }

    private List<ProcessContainer> containersOf(String sandboxId) {
        return containers.values().stream()
                .filter(c -> c.sandboxId.equals(sandboxId))
                .toList();
    }

    private void trackDescendants() {
        for (ProcessContainer container : containers.values()) {
            if (container.isRunning()) {
                container.tree().refresh();
            }
        }
    }

    /** The exit is recorded by the process's exit callback; wait briefly for it after a stop. */
    private static void awaitExitRecorded(ProcessContainer container) {
        Process process = container.process();
        if (process == null) {
            return;
        }
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // still dying; its status catches up when it is gone
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        try {
            while (container.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Thread pump(CriLogWriter logs, InputStream input, String stream, String containerId) {
        Thread thread = new Thread(
                () -> logs.pump(input, stream), "process-log-" + stream + "-" + containerId.substring(0, 12));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Thread capture(InputStream input, ByteArrayOutputStream sink) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (input) {
                        int read;
                        while ((read = input.read(buffer)) >= 0) {
                            if (sink.size() + read <= MAX_EXEC_OUTPUT) {
                                sink.write(buffer, 0, read);
                            }
                        }
                    } catch (IOException e) {
                        // the command ended
                    }
                },
                "process-exec-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Containers get no stdin: it reads as closed. */
    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the container's process so that a later runtime can kill it if this one dies. */
    private void writePidFile(ProcessContainer container, Process process) {
        Sandbox sandbox = sandboxes.get(container.sandboxId);
        if (sandbox == null) {
            return;
        }
        long start = process.toHandle()
                .info()
                .startInstant()
                .map(Instant::toEpochMilli)
                .orElse(0L);
        try {
            Files.writeString(sandbox.directory().resolve(container.id + ".pid"), process.pid() + " " + start + "\n");
        } catch (IOException e) {
            log.debug("Cannot write the pid file of container {}: {}", container.id, e.toString());
        }
    }

    private void deletePidFile(ProcessContainer container) {
        Sandbox sandbox = sandboxes.get(container.sandboxId);
        if (sandbox != null) {
            try {
                Files.deleteIfExists(sandbox.directory().resolve(container.id + ".pid"));
            } catch (IOException e) {
                log.debug("Cannot delete the pid file of container {}: {}", container.id, e.toString());
            }
        }
    }

    /** Kills processes recorded by a previous run that are still alive, and removes its sandboxes. */
    private void killLeftovers() {
        if (!Files.isDirectory(sandboxesDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sandboxesDir, 2)) {
            for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String[] fields = Files.readString(pidFile).trim().split(" ");
                long pid = Long.parseLong(fields[0]);
                long start = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
                ProcessHandle.of(pid)
                        .filter(handle -> handle.info()
                                        .startInstant()
                                        .map(Instant::toEpochMilli)
                                        .orElse(-1L)
                                == start)
                        .ifPresent(handle -> {
                            log.info("Killing process {} left by a previous run of the process runtime", pid);
                            handle.descendants().forEach(ProcessHandle::destroyForcibly);
                            handle.destroyForcibly();
                        });
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot look for processes left by a previous run in {}: {}", sandboxesDir, e.toString());
        }
        deleteTree(sandboxesDir);
    }

    private static void deleteTree(Path directory) {
        try {
            FileTrees.deleteRecursively(directory);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", directory, e.toString());
        }
    }
}
