package io.skiff.dns.app;

import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.netns.NetworkNamespace;
import io.skiff.dns.server.DnsServer;
import io.skiff.dns.server.ListenAddress;
import io.skiff.dns.server.QueryHandler;
import io.skiff.dns.server.QueryObserver;
import io.skiff.dns.server.ServerSettings;
import io.skiff.dns.zone.IpAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Opens the DNS server's sockets once the informers have started, after waiting (boundedly) for
 * their first lists, as CoreDNS's kubernetes plugin waits up to 5 s before serving anyway. Serves
 * on skiff.dns.address and, when the node's network lives in its own namespace, on the node address
 * inside it; elsewhere on the node address too when it is another address of this host. The node
 * address (a bridge's) may appear only once the kubelet sets up the first pod: until then binding
 * it is retried in the background, every few seconds. The node address is skiff.dns.node-address,
 * or the one {@link NodePodNetworkGateway} finds later from the Node.
 */
public final class DnsServing implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DnsServing.class);

    /** After the informers' lifecycle, so their caches are filling. */
    static final int PHASE = Integer.MAX_VALUE - 900;

    private static final Duration SYNC_WAIT = Duration.ofSeconds(5);
    private static final Duration NODE_ADDRESS_RETRY = Duration.ofSeconds(2);

    private final DnsProperties properties;
    private final QueryHandler handler;
    private final QueryObserver observer;
    private final SharedInformerFactory informers;
    private volatile DnsServer server;
    private volatile ScheduledExecutorService nodeAddressRetries;
    /** The node network's namespace while serving there: its thread ends when serving stops. */
    private volatile NetworkNamespace nodeNamespace;
    /** The node address found from the Node, when skiff.dns.node-address is not set. */
    private volatile InetAddress foundNodeAddress;

    DnsServing(
            DnsProperties properties, QueryHandler handler, QueryObserver observer, SharedInformerFactory informers) {
        this.properties = properties;
        this.handler = handler;
        this.observer = observer;
        this.informers = informers;
    }

    @Override
    public synchronized void start() {
        if (!informers.waitForCacheSync(SYNC_WAIT)) {
            log.warn("serving DNS before the Service and EndpointSlice caches are filled ({} passed)", SYNC_WAIT);
        }
        ListenAddress main = ListenAddress.here(
                new InetSocketAddress(literal(properties.address(), "skiff.dns.address"), properties.port()));
        try {
            server = DnsServer.start(
                    handler,
                    observer,
                    new ServerSettings(
                            properties.workers(),
                            properties.udpBacklog(),
                            properties.maxTcpConnections(),
                            properties.tcpIdleTimeout()),
                    List.of(main));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve DNS on " + main.address(), e);
        }
        log.info("serving DNS for {} on {} (UDP and TCP)", properties.clusterDomain(), server.addresses());
        nodeListenAddress().ifPresent(this::listenOnNode);
    }

    /**
     * Takes the node address found from the Node (unless skiff.dns.node-address is set) and, when
     * serving already, starts serving there too.
     */
    synchronized void nodeAddressFound(InetAddress address) {
        if (properties.nodeAddress() != null || address.equals(foundNodeAddress)) {
            return;
        }
        foundNodeAddress = address;
        if (server != null) {
            nodeListenAddress().ifPresent(this::listenOnNode);
        }
    }

    /** Where pods reach this node: skiff.dns.node-address, else the address found from the Node, if yet. */
    private Optional<InetAddress> nodeAddress() {
        if (properties.nodeAddress() != null) {
            return Optional.of(literal(properties.nodeAddress(), "skiff.dns.node-address"));
        }
        return Optional.ofNullable(foundNodeAddress);
    }

    /** The node-side address to serve on besides the main one, if any. */
    Optional<ListenAddress> nodeListenAddress() {
        Optional<InetAddress> nodeAddress = nodeAddress();
        if (nodeAddress.isEmpty()) {
            return Optional.empty();
        }
        InetAddress address = literal(properties.address(), "skiff.dns.address");
        InetAddress node = nodeAddress.get();
        if (properties.nodeNetworkNamespace() != null) {
            if (nodeNamespace == null) {
                nodeNamespace = NetworkNamespace.of(properties.nodeNetworkNamespace());
            }
            return Optional.of(new ListenAddress(new InetSocketAddress(node, 0), Optional.of(nodeNamespace)));
        }
        if (!address.isAnyLocalAddress() && !address.equals(node)) {
            return Optional.of(ListenAddress.here(new InetSocketAddress(node, 0)));
        }
        return Optional.empty();
    }

    private void listenOnNode(ListenAddress node) {
        if (tryListen(node, true)) {
            return;
        }
        nodeAddressRetries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dns-node-address");
            thread.setDaemon(true);
            return thread;
        });
        nodeAddressRetries.scheduleWithFixedDelay(
                () -> {
                    if (tryListen(node, false)) {
                        nodeAddressRetries.shutdown();
                    }
                },
                NODE_ADDRESS_RETRY.toMillis(),
                NODE_ADDRESS_RETRY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private boolean tryListen(ListenAddress node, boolean first) {
        DnsServer current = server;
        if (current == null) {
            return true;
        }
        String where = node.address().getAddress().getHostAddress()
                + node.namespace().map(namespace -> " in " + namespace).orElse("");
        try {
            InetSocketAddress bound = current.listen(node);
            log.info("serving DNS on the node address {}:{}", where, bound.getPort());
            return true;
        } catch (IOException | RuntimeException e) {
            if (first) {
                log.info(
                        "cannot serve on the node address {} yet ({}); retrying every {} s until it appears",
                        where,
                        e.getMessage(),
                        NODE_ADDRESS_RETRY.toSeconds());
            }
            return false;
        }
    }

    /** The port served on (the first address's), once serving. */
    public Optional<Integer> port() {
        DnsServer current = server;
        return current == null ? Optional.empty() : Optional.of(current.port());
    }

    /**
     * Where pods reach this server: the node address, or else the serving address when it is one
     * address pods can be sent to (not a wildcard, and not loopback, which an EndpointSlice may
     * not name, as in Kubernetes).
     */
    Optional<InetAddress> podFacingAddress() {
        Optional<InetAddress> nodeAddress = nodeAddress();
        if (nodeAddress.isPresent()) {
            return nodeAddress;
        }
        InetAddress address = literal(properties.address(), "skiff.dns.address");
        return address.isAnyLocalAddress() || address.isLoopbackAddress() ? Optional.empty() : Optional.of(address);
    }

    public List<InetSocketAddress> addresses() {
        DnsServer current = server;
        return current == null ? List.of() : current.addresses();
    }

    private static InetAddress literal(String text, String setting) {
        return IpAddresses.parse(text)
                .orElseThrow(
                        () -> new IllegalArgumentException(setting + " must be an IP address, got '" + text + "'"));
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService retries = nodeAddressRetries;
        if (retries != null) {
            retries.shutdownNow();
        }
        DnsServer current = server;
        server = null;
        if (current != null) {
            current.close();
        }
        NetworkNamespace namespace = nodeNamespace;
        nodeNamespace = null;
        if (namespace != null) {
            namespace.close();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
