package io.skiff.kubelet.runtime.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.ExecProcess;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.network.BridgeNetwork;
import io.skiff.kubelet.network.CniPlugins;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.network.PodNetwork;
import io.skiff.kubelet.runtime.runc.oci.OciSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
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

    private final RuncProperties properties;
    private final RootfsSource images;
    private final Clock clock;
    private final ObjectMapper json;
    private final RuncCli runc;
    private final Rootfs rootfs;
    private final Cgroups cgroups;
    private final ContainerSpecFactory specs;
    private final SandboxResources sandboxResources;
    private final ContainerProcesses processes;
    private final Path sandboxesDir;
    private final Path containersDir;
    private final Map<String, PodSandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, RuncContainer> containers = new ConcurrentHashMap<>();
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
        CniPlugins plugins =
                new CniPlugins(properties.cniPluginDirectories(), properties.nodeNetworkNamespace(), timeout, json);
        PodNetwork podNetwork = new PodNetwork(
                plugins,
                new BridgeNetwork(
                        properties.networkName(),
                        properties.bridgeName(),
                        properties.ipMasq(),
                        root.resolve("cni").resolve("ipam")),
                json);
        this.sandboxResources =
                new SandboxResources(new NetworkNamespaces(timeout), new PinnedNamespaces(timeout), podNetwork, json);
        this.processes = new ContainerProcesses(runc, cgroups, clock, timeout);
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
        PodSandbox sandbox = new PodSandbox(
                id, config, clock.instant(), sandboxesDir.resolve(id), config.hostNetwork() ? null : NETNS_PREFIX + id);
        sandboxResources.setUp(sandbox);
        sandboxes.put(id, sandbox);
        return id;
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
            sandboxResources.tearDown(sandbox);
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
        if (sandbox == null) {
            throw new ContainerRuntimeException("sandbox \"" + sandboxId + "\" not found");
        }
        sandboxResources.checkNetwork(sandbox);
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
            RuncContainer container = new RuncContainer(
                    id,
                    sandboxId,
                    config,
                    bundle,
                    logPath(sandbox.config, config),
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
        processes.start(container);
    }

    /** containerd's ReopenContainerLog: a running container's output goes on in a new file at its log path. */
    @Override
    public void reopenContainerLog(String containerId) {
        RuncContainer container = container(containerId);
        if (container.state() != ContainerStatus.ContainerState.RUNNING) {
            throw new ContainerRuntimeException("container is not running");
        }
        try {
            container.logFile.reopen();
        } catch (IOException e) {
            throw new ContainerRuntimeException(
                    "failed to reopen the log of container \"" + containerId + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        RuncContainer container = containers.get(containerId);
        if (container != null && container.state() == ContainerStatus.ContainerState.RUNNING) {
            processes.stop(container, timeout);
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
        return processes.exec(container, command, timeout);
    }

    /**
     * Starts {@code command} in the running container through {@code runc exec}, its streams
     * handed to the caller. No TTY: {@code runc exec -t} hands the terminal's master over a console
     * socket as a file descriptor (SCM_RIGHTS), which the JVM cannot receive.
     */
    @Override
    public ExecProcess exec(String containerId, List<String> command, boolean tty) {
        RuncContainer container = container(containerId);
        if (container.state() != ContainerStatus.ContainerState.RUNNING) {
            throw new ContainerRuntimeException("container \"" + containerId + "\" is not running");
        }
        if (tty) {
            throw new ContainerRuntimeException("the runc runtime cannot give exec a TTY yet (runc exec -t needs a"
                    + " console socket receiver): run the command without -t");
        }
        return processes.attach(container, command);
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
        processes.close();
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
        Path nodeNetwork = properties.nodeNetworkNamespace();
        String network = sandbox.netnsName != null
                ? NetworkNamespaces.path(sandbox.netnsName).toString()
                : nodeNetwork == null ? null : nodeNetwork.toString();
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

    private static String readIfExists(Path root, String file) throws IOException {
        Path path = root.resolve(file);
        return Files.isRegularFile(path) ? Files.readString(path) : "";
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
        children(sandboxesDir).forEach(sandboxResources::removeLeftover);
    }

    private static List<Path> children(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
