package io.skiff.proxy.userspace;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.skiff.component.netns.NamespaceLoopResources;
import io.skiff.component.netns.NetworkNamespace;
import io.skiff.proxy.nodenet.ServiceRangeGuard;
import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.Endpoints;
import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.servicemap.ServicePortInfo;
import io.skiff.proxy.servicemap.ServicePortName;
import io.skiff.proxy.sync.Proxier;
import io.skiff.proxy.sync.SyncObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.resources.LoopResources;

/**
 * The userspace mode, for hosts where netfilter cannot be used: no iptables at all. Each cluster
 * IP becomes a local address of the node's service device, and the proxy listens on every
 * {@code clusterIP:port} (TCP and UDP) and on every NodePort (all of the node's addresses),
 * relaying to the ready endpoints round robin (with ClientIP session affinity, a client back to the
 * endpoint it had; with internalTrafficPolicy Local, cluster-IP connections to this node's
 * endpoints only). A sync opens the listeners new service ports need,
 * closes those of ports that went away, and hands every listener its current endpoints.
 */
public final class UserspaceProxier implements Proxier {

    private static final Logger log = LoggerFactory.getLogger(UserspaceProxier.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final String ANY_ADDRESS = "0.0.0.0";

    private static final String LOOPS = "proxy-userspace";

    private final ServiceChangeTracker tracker;
    private final ServiceRangeGuard guard;
    private final NamespacedChannels channels;
    private final Duration udpIdleTimeout;
    private final SyncObserver observer;
    private final BooleanSupplier initialized;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final LoopResources loops;
    private final Map<Listen, PortProxy> listeners = new HashMap<>();
    private final Map<Balancer, RoundRobin> balancers = new HashMap<>();
    private final String nodeName;
    private boolean guardInstalled;

    /**
     * @param namespace the node's network namespace, where listeners and onward connections open;
     *     null for the proxy's own network
     * @param nodeName this node, whose endpoints internalTrafficPolicy Local uses
     */
    public UserspaceProxier(
            String nodeName,
            ServiceChangeTracker tracker,
            ServiceRangeGuard guard,
            NetworkNamespace namespace,
            Duration udpIdleTimeout,
            SyncObserver observer,
            BooleanSupplier initialized) {
        this.nodeName = nodeName;
        this.tracker = tracker;
        this.guard = guard;
        this.channels = new NamespacedChannels(namespace);
        this.loops = namespace == null
                ? LoopResources.create(LOOPS, 1, 2, true)
                : new NamespaceLoopResources(namespace, LOOPS, 2);
        this.udpIdleTimeout = udpIdleTimeout;
        this.observer = observer;
        this.initialized = initialized;
    }

    @Override
    public synchronized boolean sync() {
        if (!initialized.getAsBoolean()) {
            return true;
        }
        long start = System.nanoTime();
        ProxySnapshot snapshot = tracker.snapshot();
        try {
            if (!guardInstalled) {
                guard.install();
                guardInstalled = true;
            }
            Map<Listen, ServicePortName> wanted = new LinkedHashMap<>();
            Set<String> clusterIps = new HashSet<>();
            for (ServicePortInfo service : snapshot.services().values()) {
                if (!service.protocol().equals("TCP") && !service.protocol().equals("UDP")) {
                    continue;
                }
                clusterIps.add(service.clusterIp());
                List<Endpoint> all = snapshot.endpointsOf(service.name());
                // Cluster-IP traffic under internalTrafficPolicy Local goes to this node's
                // endpoints only; NodePort traffic to all of them (externalTrafficPolicy is
                // served as Cluster: a relay cannot keep the client's address anyway).
                Balancer internal = new Balancer(service.name(), true);
                balancers
                        .computeIfAbsent(internal, name -> new RoundRobin())
                        .update(
                                addresses(
                                        service.internalPolicyLocal()
                                                ? Endpoints.usable(all, nodeName)
                                                : Endpoints.usable(all)),
                                service.stickyMaxAgeSeconds());
                wanted.put(
                        new Listen(service.clusterIp(), service.port(), service.protocol(), internal), service.name());
                if (service.nodePort() != 0) {
                    Balancer external = new Balancer(service.name(), false);
                    balancers
                            .computeIfAbsent(external, name -> new RoundRobin())
                            .update(addresses(Endpoints.usable(all)), service.stickyMaxAgeSeconds());
                    wanted.put(
                            new Listen(ANY_ADDRESS, service.nodePort(), service.protocol(), external), service.name());
                }
            }
            balancers.keySet().removeIf(balancer -> !snapshot.services().containsKey(balancer.service()));
            for (Listen listen : Set.copyOf(listeners.keySet())) {
                if (!wanted.containsKey(listen)) {
                    listeners.remove(listen).close();
                }
            }
            guard.syncAddresses(clusterIps);
            int failures = 0;
            for (Listen listen : wanted.keySet()) {
                if (listeners.containsKey(listen)) {
                    continue;
                }
                PortProxy proxy = open(listen, balancers.get(listen.balancer()));
                try {
                    proxy.start();
                    listeners.put(listen, proxy);
                } catch (Exception e) {
                    failures++;
                    proxy.close();
                    log.error(
                            "cannot listen on {}:{}/{} for {}: {}",
                            listen.ip(),
                            listen.port(),
                            listen.protocol(),
                            listen.balancer().service(),
                            e.getMessage());
                }
            }
            if (failures > 0) {
                throw new IllegalStateException(failures + " listeners could not open");
            }
            observer.synced(Duration.ofNanos(System.nanoTime() - start), true, snapshot.triggerTimes());
            return true;
        } catch (RuntimeException e) {
            tracker.markAllChanged();
            log.error("syncing the userspace proxy failed: {}", e.getMessage());
            observer.failed(Duration.ofNanos(System.nanoTime() - start), true, false, e);
            return false;
        }
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(PortProxy::close);
        listeners.clear();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        loops.dispose();
    }

    private PortProxy open(Listen listen, RoundRobin endpoints) {
        InetSocketAddress address = new InetSocketAddress(listen.ip(), listen.port());
        return listen.protocol().equals("UDP")
                ? new UdpPortProxy(group, channels, address, endpoints, udpIdleTimeout)
                : new TcpPortProxy(loops, address, endpoints, CONNECT_TIMEOUT);
    }

    private static List<InetSocketAddress> addresses(List<Endpoint> endpoints) {
        return endpoints.stream()
                .map(endpoint -> new InetSocketAddress(endpoint.ip(), endpoint.port()))
                .toList();
    }

    /** One listening address, tied to the balancer of the service port it serves. */
    private record Listen(String ip, int port, String protocol, Balancer balancer) {}

    /**
     * A service port's endpoints for one kind of traffic: internal (to the cluster IP, subject to
     * internalTrafficPolicy) or external (NodePorts).
     */
    private record Balancer(ServicePortName service, boolean internal) {}
}
