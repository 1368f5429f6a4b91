package io.skiff.kubelet.runtime.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.network.BridgeNetwork;
import io.skiff.kubelet.network.CniPlugins;
import io.skiff.kubelet.network.HostPortMapping;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.network.PodNetwork;
import io.skiff.kubelet.network.PodNetworkAttachment;
import io.skiff.kubelet.runtime.runc.oci.OciSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runc runtime: real OCI containers run by the {@code runc} CLI, pods networked through CNI.
 *
 * <p><b>Sandboxes.</b> A sandbox has no pause container. Its network namespace is a named one
 * ({@code ip netns add skiff-<id>}) attached to the node's bridge by the CNI plugins; its IPC and
 * UTS namespaces are created by {@code unshare} and pinned by bind mounts in the sandbox's
 * directory (as CRI-O's pinns does), with the pod's hostname set in the UTS one; its /dev/shm is a
 * tmpfs there. The pod's containers join all of them by path. Host-network pods use the node's
 * network and UTS namespaces (the configured node namespace, else the host's).
 *
 * <p><b>Containers.</b> Each container is an OCI bundle ({@code containers/<id>}): an overlay
 * rootfs on the image's layers and a {@code config.json} built from the CRI config. Creating one
 * prepares the bundle; starting it runs {@code runc run --keep} in the foreground as a child of
 * the kubelet's JVM, which makes the JVM the container's shim: it reads the container's stdout and
 * stderr from pipes into the CRI log file, and takes its exit code from runc's exit status. runc
 * keeps the stopped container's state and cgroup ({@code --keep}) so the OOM kill counter can be
 * read after it exited; {@link #removeContainer} deletes them. Stop, exec and removal go through
 * {@code runc kill}, {@code runc exec} and {@code runc delete}.
 *
 * <p><b>Lifetime.</b> Without a separate shim process, containers live only as long as the kubelet:
 * {@link #close} kills every container and tears every sandbox down, and a kubelet that died
 * without closing finds its leftovers (runc containers, mounts, namespaces, network attachments)
 * and removes them when it starts again. Pods are then created anew by the kubelet.
 */
public final class RuncRuntime implements RuntimeService, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuncRuntime.class);

    private static final String NETNS_PREFIX = "skiff-";
    private static final int EXEC_OUTPUT_LIMIT = 16 * 1024 * 1024;
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final RuncProperties properties;
    private final RootfsSource images;
    private final Clock clock;
    private final ObjectMapper json;
    private final RuncCli runc;
    private final Rootfs rootfs;
    private final ContainerSpecFactory specs;
    private final Cgroups cgroups;
    private final PinnedNamespaces pinned;
    private final NetworkNamespaces netns;
    private final PodNetwork podNetwork;
    private final Path sandboxesDir;
    private final Path containersDir;
    private final Map<String, PodSandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, RuncContainer> containers = new ConcurrentHashMap<>();
    private final ExecutorService exitHandlers = Executors.newCachedThreadPool(daemonThreads("runc-exit"));
    private final AtomicInteger execs = new AtomicInteger();
    private volatile String version;

    /** Probes the node (overlayfs, cgroups, capabilities) and removes what an earlier kubelet left. */
    public RuncRuntime(RuncProperties properties, RootfsSource images) {
        this(properties, images, Clock.systemUTC());
    }

    RuncRuntime(RuncProperties properties, RootfsSource images, Clock clock) {
        this.properties = properties;
        this.images = images;
        this.clock = clock;
        this.json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path root = properties.rootDirectory().toAbsolutePath();
        this.sandboxesDir = root.resolve("sandboxes");
        this.containersDir = root.resolve("containers");
        Duration timeout = properties.commandTimeout();
        try {
            Files.createDirectories(sandboxesDir);
            Files.createDirectories(containersDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.runc = new RuncCli(properties.runcBinary(), root.resolve("runc"), timeout, json);
        this.rootfs = Rootfs.probe(root, timeout);
        this.cgroups = Cgroups.detect();
        this.specs = new ContainerSpecFactory(new HostFeatures(
                cgroups.swapLimitSupported(),
                cgroups.unified(),
                LinuxCapabilities.all(lastCapability()),
                properties.openFiles()));
        this.pinned = new PinnedNamespaces(timeout);
        this.netns = new NetworkNamespaces(timeout);
        CniPlugins plugins =
                new CniPlugins(properties.cniPluginDirectories(), properties.nodeNetworkNamespace(), timeout, json);
        this.podNetwork = new PodNetwork(
                plugins,
                new BridgeNetwork(
                        properties.networkName(),
                        properties.bridgeName(),
                        properties.ipMasq(),
                        root.resolve("cni").resolve("ipam")),
                json);
        removeLeftovers();
        log.info(
                "runc runtime in {} ({} rootfs, memory cgroups {})",
                root,
                rootfs.overlay() ? "overlay" : "copied",
                cgroups.memory().isEmpty() ? "not found" : cgroups.unified() ? "v2" : "v1");
    }

    @Override
    public String version() {
        if (version == null) {
            version = "runc://" + runc.version();
        }
        return version;
    }

    // ---- sandboxes ----

    @Override
    public String runPodSandbox(PodSandboxConfig config) {
        String id = newId();
        Path directory = sandboxesDir.resolve(id);
        String netnsName = config.hostNetwork() ? null : NETNS_PREFIX + id;
        PodSandbox sandbox = new PodSandbox(id, config, clock.instant(), directory, netnsName);
        try {
            Files.createDirectories(directory);
            persist(sandbox);
            if (netnsName != null) {
                netns.create(netnsName);
            }
            pinned.pin(sandbox.ipcNamespace(), sandbox.utsNamespace(), config.hostname());
            pinned.mountShm(sandbox.shm());
            Files.writeString(sandbox.hostnameFile(), SandboxFiles.hostname(config.hostname()));
            Files.writeString(
                    sandbox.resolvConf(),
                    SandboxFiles.resolvConf(config.dns(), Files.readString(Path.of("/etc/resolv.conf"))));
            if (netnsName == null) {
                Files.copy(Path.of("/etc/hosts"), sandbox.hostsFile());
            } else {
                PodNetworkAttachment attachment = attachNetwork(sandbox);
                sandbox.network(attachment);
                persist(sandbox);
                Files.writeString(
                        sandbox.hostsFile(), SandboxFiles.managedHosts(config.hostname(), attachment.podIps()));
            }
        } catch (IOException | RuntimeException e) {
            try {
                tearDown(sandbox);
                Trees.delete(directory);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof ContainerRuntimeException runtimeError
                    ? runtimeError
                    : new ContainerRuntimeException("failed to create sandbox \"" + id + "\": " + e.getMessage(), e);
        }
        sandboxes.put(id, sandbox);
        return id;
    }

    private PodNetworkAttachment attachNetwork(PodSandbox sandbox) {
        PodSandboxConfig config = sandbox.config;
        try {
            return podNetwork.attach(
                    new PodNetwork.PodIdentity(
                            sandbox.id,
                            config.metadata().namespace(),
                            config.metadata().name(),
                            config.metadata().uid()),
                    NetworkNamespaces.path(sandbox.netnsName).toString(),
                    config.podCidr(),
                    hostPorts(config.portMappings()));
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException(
                    "failed to setup network for sandbox \"" + sandbox.id + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void stopPodSandbox(String sandboxId) {
        PodSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        for (RuncContainer container : containersOf(sandboxId)) {
            stopContainer(container.id, Duration.ZERO);
        }
        sandbox.notReady();
        try {
            tearDown(sandbox);
        } catch (RuntimeException e) {
            throw new ContainerRuntimeException("failed to stop sandbox \"" + sandboxId + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void removePodSandbox(String sandboxId) {
        PodSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            return;
        }
        stopPodSandbox(sandboxId);
        for (RuncContainer container : containersOf(sandboxId)) {
            removeContainer(container.id);
        }
        try {
            Trees.delete(sandbox.directory);
        } catch (IOException e) {
            throw new ContainerRuntimeException("failed to remove sandbox \"" + sandboxId + "\": " + e.getMessage(), e);
        }
        sandboxes.remove(sandboxId);
    }

    @Override
    public Optional<PodSandboxStatus> podSandboxStatus(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId)).map(PodSandbox::status);
    }

    @Override
    public List<PodSandboxStatus> listPodSandboxes() {
        return sandboxes.values().stream()
                .map(PodSandbox::status)
                .sorted(Comparator.comparing(PodSandboxStatus::createdAt))
                .toList();
    }

    /** Runs CNI CHECK on the sandbox's network attachment; throws when a plugin finds it broken. */
    public void checkPodNetwork(String sandboxId) {
        PodSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null || sandbox.network() == null) {
            throw new ContainerRuntimeException("sandbox \"" + sandboxId + "\" has no pod network");
        }
        podNetwork.check(sandbox.network());
    }

    /**
     * Detaches the network (CNI DEL), deletes the network namespace and unmounts the pinned
     * namespaces and shm. Each step is skipped when already done, so it can be repeated.
     */
    private void tearDown(PodSandbox sandbox) {
        PodNetworkAttachment attachment = sandbox.network();
        if (attachment != null) {
            podNetwork.detach(attachment);
            sandbox.network(null);
            persist(sandbox);
        }
        if (sandbox.netnsName != null) {
            netns.delete(sandbox.netnsName);
        }
        pinned.release(sandbox.ipcNamespace(), sandbox.utsNamespace(), sandbox.shm());
    }

    private void persist(PodSandbox sandbox) {
        try {
            json.writeValue(sandbox.directory.resolve("sandbox.json").toFile(), sandbox.record());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- containers ----

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        PodSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null || sandbox.state() != PodSandboxStatus.SandboxState.READY) {
            throw new ContainerRuntimeException("sandbox \"" + sandboxId + "\" is not ready");
        }
        String id = newId();
        Path bundle = containersDir.resolve(id);
        String cgroupsPath = cgroupParent(sandbox) + "/" + id;
        try {
            Files.createDirectories(bundle);
            ImageDefaults image = images.defaults(config.image());
            Path root = rootfs.create(bundle, images.layers(config.image()));
            ContainerUser user = ContainerUser.resolve(
                    config.security(), image.user(), readIfExists(root, "etc/passwd"), readIfExists(root, "etc/group"));
            OciSpec spec = specs.build(id, config, image, user, layout(sandbox), cgroupsPath);
            json.writeValue(bundle.resolve("config.json").toFile(), spec);
            Path logPath = logPath(sandbox.config, config);
            RuncContainer container = new RuncContainer(
                    id,
                    sandboxId,
                    config,
                    bundle,
                    logPath,
                    clock.instant(),
                    image.stopSignal().isEmpty() ? "SIGTERM" : image.stopSignal(),
                    cgroups.memoryDirectory(cgroupsPath));
            containers.put(id, container);
            return id;
        } catch (IOException | RuntimeException e) {
            try {
                rootfs.release(bundle);
                Trees.delete(bundle);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new ContainerRuntimeException(
                    "failed to create container \"" + config.name() + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void startContainer(String containerId) {
        RuncContainer container = container(containerId);
        if (!container.claimStart()) {
            throw new ContainerRuntimeException(
                    "container \"" + containerId + "\" is in " + container.state() + " state, not CREATED");
        }
        Path pidFile = container.bundle.resolve("init.pid");
        Path runcLog = container.bundle.resolve("runc.log");
        CriLogFile logFile;
        Process process;
        try {
            logFile = CriLogFile.open(container.logPath, clock);
            process = runc.run(containerId, container.bundle, pidFile, runcLog);
        } catch (IOException e) {
            container.failedToStart(clock.instant(), e.getMessage());
            throw new ContainerRuntimeException(
                    "failed to start container \"" + containerId + "\": " + e.getMessage(), e);
        }
        List<Thread> pumps = List.of(
                pump(process.getInputStream(), logFile, "stdout", containerId),
                pump(process.getErrorStream(), logFile, "stderr", containerId));
        boolean started = awaitStart(process, pidFile);
        if (started) {
            container.started(clock.instant());
            process.onExit().thenRunAsync(() -> finish(container, process, pumps, logFile), exitHandlers);
            return;
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        awaitQuietly(process, pumps);
        closeQuietly(logFile);
        String error = runc.lastError(runcLog).orElse("runc run exited with " + exitValue(process));
        container.failedToStart(clock.instant(), error);
        throw new ContainerRuntimeException("failed to start container \"" + containerId + "\": " + error);
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        RuncContainer container = containers.get(containerId);
        if (container == null || container.state() != ContainerStatus.ContainerState.RUNNING) {
            return;
        }
        if (!timeout.isZero() && !timeout.isNegative()) {
            runc.kill(containerId, container.stopSignal);
            if (awaitExit(container, timeout)) {
                return;
            }
        }
        runc.kill(containerId, "SIGKILL");
        if (!awaitExit(container, properties.commandTimeout())) {
            throw new ContainerRuntimeException("container \"" + containerId + "\" did not exit after SIGKILL within "
                    + properties.commandTimeout());
        }
    }

    @Override
    public void removeContainer(String containerId) {
        RuncContainer container = containers.get(containerId);
        if (container == null) {
            return;
        }
        stopContainer(containerId, Duration.ZERO);
        try {
            runc.delete(containerId);
            rootfs.release(container.bundle);
            Trees.delete(container.bundle);
        } catch (IOException | RuntimeException e) {
            throw new ContainerRuntimeException(
                    "failed to remove container \"" + containerId + "\": " + e.getMessage(), e);
        }
        containers.remove(containerId);
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) {
        return Optional.ofNullable(containers.get(containerId)).map(RuncContainer::status);
    }

    @Override
    public List<ContainerStatus> listContainers(String sandboxId) {
        return containers.values().stream()
                .filter(c -> sandboxId == null || c.sandboxId.equals(sandboxId))
                .map(RuncContainer::status)
                .sorted(Comparator.comparing(ContainerStatus::createdAt))
                .toList();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        RuncContainer container = container(containerId);
        if (container.state() != ContainerStatus.ContainerState.RUNNING) {
            throw new ContainerRuntimeException("container \"" + containerId + "\" is not running");
        }
        Path scratch = container.bundle.resolve("exec-" + execs.incrementAndGet());
        try {
            Files.createDirectories(scratch);
            Path pidFile = scratch.resolve("exec.pid");
            Path runcLog = scratch.resolve("runc.log");
            Process process = runc.exec(containerId, command, pidFile, runcLog);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            List<Thread> readers = List.of(
                    capture(process.getInputStream(), stdout, containerId),
                    capture(process.getErrorStream(), stderr, containerId));
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // Killing runc exec would leave the command running in the container: kill the command.
                readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                if (!process.waitFor(OUTPUT_DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            awaitQuietly(process, readers);
            if (finished && !Files.exists(pidFile)) {
                String error = runc.lastError(runcLog)
                        .orElse(stderr.toString(StandardCharsets.UTF_8).trim());
                throw new ContainerRuntimeException("failed to exec in container \"" + containerId + "\": " + error);
            }
            return new ExecResult(
                    stdout.toByteArray(), stderr.toByteArray(), finished ? process.exitValue() : -1, !finished);
        } catch (IOException e) {
            throw new ContainerRuntimeException(
                    "failed to exec in container \"" + containerId + "\": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while executing in container \"" + containerId + "\"", e);
        } finally {
            try {
                Trees.delete(scratch);
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", scratch, e.getMessage());
            }
        }
    }

    /** Kills every container and tears every sandbox down: containers live only as long as the kubelet. */
    @Override
    public void close() {
        for (String sandboxId : List.copyOf(sandboxes.keySet())) {
            try {
                removePodSandbox(sandboxId);
            } catch (RuntimeException e) {
                log.warn("cannot remove sandbox {} on shutdown: {}", sandboxId, e.getMessage());
            }
        }
        for (String containerId : List.copyOf(containers.keySet())) {
            try {
                removeContainer(containerId);
            } catch (RuntimeException e) {
                log.warn("cannot remove container {} on shutdown: {}", containerId, e.getMessage());
            }
        }
        // runc removes a container's cgroup, not the parent it created for it.
        cgroups.removeIfEmpty(properties.cgroupParent());
        exitHandlers.shutdown();
    }

    // ---- helpers ----

    private RuncContainer container(String containerId) {
        RuncContainer container = containers.get(containerId);
        if (container == null) {
            throw new ContainerRuntimeException("container \"" + containerId + "\" not found");
        }
        return container;
    }

    private List<RuncContainer> containersOf(String sandboxId) {
        return containers.values().stream()
                .filter(c -> c.sandboxId.equals(sandboxId))
                .toList();
    }

    private SandboxLayout layout(PodSandbox sandbox) {
        String network = sandbox.netnsName != null
                ? NetworkNamespaces.path(sandbox.netnsName).toString()
                : properties.nodeNetworkNamespace() == null
                        ? null
                        : properties.nodeNetworkNamespace().toString();
        return new SandboxLayout(
                sandbox.id,
                sandbox.config.metadata().name(),
                sandbox.config.metadata().namespace(),
                sandbox.config.hostname(),
                network,
                sandbox.ipcNamespace().toString(),
                sandbox.utsNamespace() == null ? null : sandbox.utsNamespace().toString(),
                sandbox.hostsFile(),
                sandbox.resolvConf(),
                sandbox.hostnameFile(),
                sandbox.shm());
    }

    private String cgroupParent(PodSandbox sandbox) {
        String parent = sandbox.config.cgroupParent();
        parent = parent == null || parent.isBlank() ? properties.cgroupParent() : parent;
        return parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent;
    }

    private static Path logPath(PodSandboxConfig sandbox, ContainerConfig config) {
        if (sandbox.logDirectory() == null
                || sandbox.logDirectory().isBlank()
                || config.logPath() == null
                || config.logPath().isBlank()) {
            return null;
        }
        return Path.of(sandbox.logDirectory()).resolve(config.logPath());
    }

    private static List<HostPortMapping> hostPorts(List<PodSandboxConfig.PortMapping> mappings) {
        return mappings.stream()
                .filter(m -> m.hostPort() > 0)
                .map(m -> new HostPortMapping(
                        m.hostPort(),
                        m.containerPort(),
                        (m.protocol() == null ? "TCP" : m.protocol()).toLowerCase(Locale.ROOT),
                        m.hostIp() == null || m.hostIp().isBlank() ? null : m.hostIp()))
                .toList();
    }

    private boolean awaitStart(Process process, Path pidFile) {
        long deadline = System.nanoTime() + properties.commandTimeout().toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (readPid(pidFile).isPresent()) {
                    return true;
                }
                if (!process.isAlive()) {
                    return readPid(pidFile).isPresent();
                }
                Thread.sleep(5);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs once {@code runc run} exited: the output is drained, then the exit is recorded. */
    private void finish(RuncContainer container, Process process, List<Thread> pumps, CriLogFile logFile) {
        awaitQuietly(process, pumps);
        closeQuietly(logFile);
        boolean oomKilled = container.memoryCgroup != null && cgroups.oomKills(container.memoryCgroup) > 0;
        container.exited(clock.instant(), process.exitValue(), oomKilled);
    }

    private static boolean awaitExit(RuncContainer container, Duration timeout) {
        try {
            container.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static void awaitQuietly(Process process, List<Thread> readers) {
        try {
            process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            for (Thread reader : readers) {
                reader.join(OUTPUT_DRAIN.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, CriLogFile logFile, String stream, String containerId) {
        Thread thread = new Thread(
                () -> {
                    try (in) {
                        logFile.copy(in, stream);
                    } catch (IOException e) {
                        log.warn("lost {} of container {}: {}", stream, containerId, e.getMessage());
                    }
                },
                "runc-log-" + containerId.substring(0, 12) + "-" + stream);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Thread capture(InputStream in, ByteArrayOutputStream out, String containerId) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (in) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            synchronized (out) {
                                out.write(buffer, 0, Math.max(0, Math.min(read, EXEC_OUTPUT_LIMIT - out.size())));
                            }
                        }
                    } catch (IOException ignored) {
                        // The exec ended; what was read is kept.
                    }
                },
                "runc-exec-" + containerId.substring(0, 12));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String readIfExists(Path root, String file) throws IOException {
        Path path = root.resolve(file);
        return Files.isRegularFile(path) ? Files.readString(path) : "";
    }

    private static String exitValue(Process process) {
        return process.isAlive() ? "no exit" : "exit status " + process.exitValue();
    }

    private static void closeQuietly(CriLogFile logFile) {
        try {
            logFile.close();
        } catch (IOException e) {
            log.warn("cannot close a container log: {}", e.getMessage());
        }
    }

    private static int lastCapability() {
        try {
            return Integer.parseInt(
                    Files.readString(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
        } catch (IOException | NumberFormatException e) {
            return LinuxCapabilities.all(Integer.MAX_VALUE).size() - 1;
        }
    }

    /** 32 hex digits, like a shortened containerd id. */
    private static String newId() {
        UUID uuid = UUID.randomUUID();
        return HexFormat.of().toHexDigits(uuid.getMostSignificantBits())
                + HexFormat.of().toHexDigits(uuid.getLeastSignificantBits());
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Removes what a kubelet that did not close left behind: runc containers, mounted rootfs,
     * network attachments, namespaces and directories.
     */
    private void removeLeftovers() {
        for (String id : runc.list()) {
            log.info("removing container {} left by an earlier kubelet", id);
            runc.kill(id, "SIGKILL");
            runc.delete(id);
        }
        for (Path bundle : children(containersDir)) {
            try {
                rootfs.release(bundle);
                Trees.delete(bundle);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot remove leftover bundle {}: {}", bundle, e.getMessage());
            }
        }
        for (Path directory : children(sandboxesDir)) {
            try {
                Path record = directory.resolve("sandbox.json");
                if (Files.exists(record)) {
                    PodSandbox.SandboxRecord leftover = json.readValue(record.toFile(), PodSandbox.SandboxRecord.class);
                    log.info("tearing down sandbox {} left by an earlier kubelet", leftover.id());
                    if (leftover.network() != null) {
                        podNetwork.detach(leftover.network());
                    }
                    if (leftover.netnsName() != null) {
                        netns.delete(leftover.netnsName());
                    }
                }
                pinned.release(directory.resolve("ipc"), directory.resolve("uts"), directory.resolve("shm"));
                Trees.delete(directory);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot remove leftover sandbox {}: {}", directory, e.getMessage());
            }
        }
    }

    private static List<Path> children(Path directory) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }
}
