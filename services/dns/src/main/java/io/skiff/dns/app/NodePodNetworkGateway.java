package io.skiff.dns.app;

import io.fabric8.kubernetes.api.model.Node;
import io.skiff.component.client.KubeClient;
import io.skiff.model.net.Ipv4Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Finds where pods reach this server when {@code skiff.dns.node-address} is not given but {@code
 * skiff.dns.node-name} is: the first address of that Node's podCIDR, which the kubelet's bridge
 * takes as the pods' gateway (the CNI bridge plugin with {@code isGateway}). The node IPAM controller
 * sets the podCIDR after the kubelet registers the Node, and Kubernetes lets it be set only once, so
 * the Node is read every few seconds until it has one, then no more.
 */
final class NodePodNetworkGateway implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodePodNetworkGateway.class);

    /** After the server has started, before the kube-dns publisher. */
    static final int PHASE = DnsServing.PHASE + 50;

    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final KubeClient client;
    private final Optional<String> nodeName;
    private final List<Consumer<InetAddress>> onFound;
    private volatile ScheduledExecutorService lookups;
    private volatile boolean waitingLogged;

    /** Looks for {@code nodeName}'s gateway, or for nothing when it is empty. */
    NodePodNetworkGateway(KubeClient client, Optional<String> nodeName, List<Consumer<InetAddress>> onFound) {
        this.client = client;
        this.nodeName = nodeName;
        this.onFound = List.copyOf(onFound);
    }

    /**
     * The first address of an IPv4 CIDR with room for a gateway and a pod (a /30 or wider); empty
     * for IPv6 and anything else.
     */
    static Optional<InetAddress> gatewayOf(String podCidr) {
        if (podCidr == null || podCidr.contains(":")) {
            return Optional.empty();
        }
        Ipv4Cidr cidr;
        try {
            cidr = Ipv4Cidr.parse(podCidr);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (cidr.size() < 4) {
            return Optional.empty();
        }
        long gateway = cidr.network() + 1;
        byte[] bytes = {(byte) (gateway >>> 24), (byte) (gateway >>> 16), (byte) (gateway >>> 8), (byte) gateway};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    @Override
    public void start() {
        if (nodeName.isEmpty()) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dns-node-gateway");
            thread.setDaemon(true);
            return thread;
        });
        lookups = executor;
        executor.scheduleWithFixedDelay(
                () -> {
                    if (lookUp(nodeName.get())) {
                        executor.shutdown();
                    }
                },
                0,
                RETRY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether the lookup is over: the gateway was found, or the podCIDR has none. */
    private boolean lookUp(String name) {
        Node node;
        try {
            node = client.nodes().find(null, name).block(REQUEST_TIMEOUT);
        } catch (RuntimeException e) {
            log.debug("cannot read Node {} yet: {}", name, e.getMessage());
            return false;
        }
        String podCidr =
                node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        if (podCidr == null || podCidr.isBlank()) {
            if (!waitingLogged) {
                waitingLogged = true;
                log.info("waiting for Node {} to have a podCIDR: pods reach this server at its first address", name);
            }
            return false;
        }
        Optional<InetAddress> gateway = gatewayOf(podCidr);
        if (gateway.isEmpty()) {
            log.warn(
                    "Node {} has podCIDR {}, which has no IPv4 gateway address: set skiff.dns.node-address",
                    name,
                    podCidr);
        } else {
            log.info(
                    "pods on Node {} reach this server at {}, their gateway",
                    name,
                    gateway.get().getHostAddress());
            onFound.forEach(listener -> listener.accept(gateway.get()));
        }
        return true;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = lookups;
        lookups = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return lookups != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
