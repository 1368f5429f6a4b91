package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.network.PodNetworkAttachment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A sandbox of this runtime: its directory, its namespaces, its network and its state. */
final class PodSandbox {

    final String id;
    final PodSandboxConfig config;
    final Instant createdAt;
    final Path directory;
    /** The pod's own network namespace under /run/netns; null with host networking. */
    final String netnsName;

    private PodSandboxStatus.SandboxState state = PodSandboxStatus.SandboxState.READY;
    private PodNetworkAttachment network;

    PodSandbox(String id, PodSandboxConfig config, Instant createdAt, Path directory, String netnsName) {
        this.id = id;
        this.config = config;
        this.createdAt = createdAt;
        this.directory = directory;
        this.netnsName = netnsName;
    }

    Path ipcNamespace() {
        return directory.resolve("ipc");
    }

    /** Null with host networking, whose pods share the node's hostname. */
    Path utsNamespace() {
        return config.hostNetwork() ? null : directory.resolve("uts");
    }

    Path shm() {
        return directory.resolve("shm");
    }

    Path hostsFile() {
        return directory.resolve("hosts");
    }

    Path resolvConf() {
        return directory.resolve("resolv.conf");
    }

    Path hostnameFile() {
        return directory.resolve("hostname");
    }

    synchronized PodSandboxStatus.SandboxState state() {
        return state;
    }

    synchronized void notReady() {
        state = PodSandboxStatus.SandboxState.NOTREADY;
    }

    synchronized PodNetworkAttachment network() {
        return network;
    }

    synchronized void network(PodNetworkAttachment attachment) {
        network = attachment;
    }

    synchronized PodSandboxStatus status() {
        List<String> ips = network == null ? List.of() : network.podIps();
        return new PodSandboxStatus(id, config.metadata(), state, createdAt, ips, config.labels());
    }

    /** What a restarted kubelet needs to tear the sandbox down. */
    synchronized SandboxRecord record() {
        return new SandboxRecord(id, netnsName, network);
    }

    /**
     * The sandbox as written to {@code sandbox.json}.
     *
     * @param netnsName null with host networking
     * @param network null before the network is up or after it is torn down
     */
    record SandboxRecord(String id, String netnsName, PodNetworkAttachment network) {}
}
