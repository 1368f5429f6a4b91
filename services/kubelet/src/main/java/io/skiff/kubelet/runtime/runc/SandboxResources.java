package io.skiff.kubelet.runtime.runc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.network.HostPortMapping;
import io.skiff.kubelet.network.NetworkNamespaces;
import io.skiff.kubelet.network.PodNetwork;
import io.skiff.kubelet.network.PodNetworkAttachment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sandbox holds on the host: its network namespace attached through CNI, its pinned IPC
 * and UTS namespaces, its /dev/shm and its /etc files, all under its directory, with
 * {@code sandbox.json} recording what a restarted kubelet needs to take them down again.
 */
final class SandboxResources {

    private static final Logger log = LoggerFactory.getLogger(SandboxResources.class);
    private static final String RECORD = "sandbox.json";

    private final NetworkNamespaces netns;
    private final PinnedNamespaces pinned;
    private final PodNetwork podNetwork;
    private final ObjectMapper json;

    SandboxResources(NetworkNamespaces netns, PinnedNamespaces pinned, PodNetwork podNetwork, ObjectMapper json) {
        this.netns = netns;
        this.pinned = pinned;
        this.podNetwork = podNetwork;
        this.json = json;
    }

    /** Sets the sandbox up; on failure nothing of it is left and the reason is thrown. */
    void setUp(PodSandbox sandbox) {
        PodSandboxConfig config = sandbox.config;
        try {
            Files.createDirectories(sandbox.directory);
            persist(sandbox);
            if (sandbox.netnsName != null) {
                netns.create(sandbox.netnsName);
            }
            pinned.pin(sandbox.ipcNamespace(), sandbox.utsNamespace(), config.hostname());
            pinned.mountShm(sandbox.shm());
            Files.writeString(sandbox.hostnameFile(), SandboxFiles.hostname(config.hostname()));
            Files.writeString(
                    sandbox.resolvConf(),
                    SandboxFiles.resolvConf(config.dns(), Files.readString(Path.of("/etc/resolv.conf"))));
            if (sandbox.netnsName == null) {
                Files.copy(Path.of("/etc/hosts"), sandbox.hostsFile());
            } else {
                PodNetworkAttachment attachment = attach(sandbox);
                sandbox.network(attachment);
                persist(sandbox);
                Files.writeString(
                        sandbox.hostsFile(), SandboxFiles.managedHosts(config.hostname(), attachment.podIps()));
            }
        } catch (IOException | RuntimeException e) {
            try {
                tearDown(sandbox);
                Trees.delete(sandbox.directory);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof ContainerRuntimeException runtimeError
                    ? runtimeError
                    : new ContainerRuntimeException(
                            "failed to create sandbox \"" + sandbox.id + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Detaches the network (CNI DEL), deletes the network namespace and unmounts the pinned
     * namespaces and shm. Each step is skipped when already done, so it can be repeated.
     */
    void tearDown(PodSandbox sandbox) {
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

    /** Runs CNI CHECK on the sandbox's attachment. */
    void checkNetwork(PodSandbox sandbox) {
        PodNetworkAttachment attachment = sandbox.network();
        if (attachment == null) {
            throw new ContainerRuntimeException("sandbox \"" + sandbox.id + "\" has no pod network");
        }
        podNetwork.check(attachment);
    }

    /** Takes down what a sandbox directory left by an earlier kubelet still holds, and deletes it. */
    void removeLeftover(Path directory) {
        try {
            Path record = directory.resolve(RECORD);
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

    private PodNetworkAttachment attach(PodSandbox sandbox) {
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

    private void persist(PodSandbox sandbox) {
        if (!Files.isDirectory(sandbox.directory)) {
            // Already removed (by a kubelet that took over the root): nothing is left to record.
            return;
        }
        try {
            json.writeValue(sandbox.directory.resolve(RECORD).toFile(), sandbox.record());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
