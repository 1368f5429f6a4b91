package io.skiff.kubelet.prober;

import java.util.Optional;

/**
 * Whether the kubelet's own network reaches its pods, as httpGet, tcpSocket and grpc probes need:
 * they connect from the kubelet, as Kubernetes' prober does. It does not when the node's network is
 * a network namespace apart from the kubelet's (skiff.kubelet.runc.node-network-namespace): a
 * connection to a pod address would then follow the kubelet's default route out of the machine,
 * so those probes are refused instead, with the reason, and only exec probes run.
 */
public final class ProbeNetwork {

    private static final ProbeNetwork DIRECT = new ProbeNetwork(null);

    private final String unreachableBecause;

    private ProbeNetwork(String unreachableBecause) {
        this.unreachableBecause = unreachableBecause;
    }

    /** Pods are reachable from the kubelet: the usual case. */
    public static ProbeNetwork direct() {
        return DIRECT;
    }

    /** Pods are out of the kubelet's reach, for {@code reason}. */
    public static ProbeNetwork unreachable(String reason) {
        return new ProbeNetwork(reason);
    }

    /** Why network probes cannot run, if they cannot. */
    Optional<String> unreachableBecause() {
        return Optional.ofNullable(unreachableBecause);
    }
}
