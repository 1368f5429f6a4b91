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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Opens the DNS server's sockets once the informers have started, after waiting (boundedly) for
 * their first lists, as CoreDNS's kubernetes plugin waits up to 5 s before serving anyway. Serves
 * on skiff.dns.address and, when the node's network lives in its own namespace, on the node address
 * inside it; elsewhere on the node address too when it is another address of this host.
 */
public final class DnsServing implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DnsServing.class);

    /** After the informers' lifecycle, so their caches are filling. */
    static final int PHASE = Integer.MAX_VALUE - 900;

    private static final Duration SYNC_WAIT = Duration.ofSeconds(5);

    private final DnsProperties properties;
    private final QueryHandler handler;
    private final QueryObserver observer;
    private final SharedInformerFactory informers;
    private volatile DnsServer server;

    DnsServing(
            DnsProperties properties, QueryHandler handler, QueryObserver observer, SharedInformerFactory informers) {
        this.properties = properties;
        this.handler = handler;
        this.observer = observer;
        this.informers = informers;
    }

    @Override
    public void start() {
        if (!informers.waitForCacheSync(SYNC_WAIT)) {
            log.warn("serving DNS before the Service and EndpointSlice caches are filled ({} passed)", SYNC_WAIT);
        }
        try {
            server = DnsServer.start(
                    handler,
                    observer,
                    new ServerSettings(
                            properties.workers(),
                            properties.udpBacklog(),
                            properties.maxTcpConnections(),
                            properties.tcpIdleTimeout()),
                    listenAddresses());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve DNS on " + listenAddresses(), e);
        }
        log.info("serving DNS for {} on {} (UDP and TCP)", properties.clusterDomain(), server.addresses());
    }

    List<ListenAddress> listenAddresses() {
        InetAddress address = literal(properties.address(), "skiff.dns.address");
        List<ListenAddress> listens = new ArrayList<>();
        listens.add(ListenAddress.here(new InetSocketAddress(address, properties.port())));
        if (properties.nodeAddress() != null) {
            InetAddress node = literal(properties.nodeAddress(), "skiff.dns.node-address");
            if (properties.nodeNetworkNamespace() != null) {
                listens.add(new ListenAddress(
                        new InetSocketAddress(node, 0),
                        Optional.of(NetworkNamespace.of(properties.nodeNetworkNamespace()))));
            } else if (!address.isAnyLocalAddress() && !address.equals(node)) {
                listens.add(ListenAddress.here(new InetSocketAddress(node, 0)));
            }
        }
        return listens;
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
        if (properties.nodeAddress() != null) {
            return Optional.of(literal(properties.nodeAddress(), "skiff.dns.node-address"));
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
    public void stop() {
        DnsServer current = server;
        server = null;
        if (current != null) {
            current.close();
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
