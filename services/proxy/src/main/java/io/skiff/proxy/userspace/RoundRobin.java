package io.skiff.proxy.userspace;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A service port's ready endpoints in round-robin order: each connection starts at the next
 * endpoint and, should that one refuse, falls through to the ones after it. With ClientIP session
 * affinity (as kube-proxy's userspace load balancer had it) a client address goes back to the
 * endpoint it last reached, as long as that endpoint is still there and the client came back
 * within the affinity timeout; otherwise it takes its round-robin turn.
 */
final class RoundRobin {

    private final AtomicInteger next = new AtomicInteger();
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Affinity> affinities = new ConcurrentHashMap<>();
    private volatile List<InetSocketAddress> endpoints = List.of();
    private volatile long affinityNanos;

    RoundRobin() {
        this(System::nanoTime);
    }

    RoundRobin(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void update(List<InetSocketAddress> endpoints) {
        update(endpoints, 0);
    }

    /**
     * @param affinitySeconds ClientIP session affinity's timeout (sessionAffinityConfig.clientIP
     *     .timeoutSeconds); 0 without affinity
     */
    void update(List<InetSocketAddress> endpoints, int affinitySeconds) {
        this.endpoints = List.copyOf(endpoints);
        this.affinityNanos = TimeUnit.SECONDS.toNanos(affinitySeconds);
        if (affinitySeconds == 0) {
            affinities.clear();
        } else {
            affinities.values().removeIf(affinity -> !this.endpoints.contains(affinity.endpoint()));
        }
    }

    /** All endpoints, starting at this connection's turn. */
    List<InetSocketAddress> order() {
        return order(null);
    }

    /**
     * All endpoints for a connection from {@code client}: first the one it has affinity with, if
     * any, else starting at this connection's turn.
     */
    List<InetSocketAddress> order(InetAddress client) {
        List<InetSocketAddress> current = endpoints;
        if (current.isEmpty()) {
            return List.of();
        }
        int start = -1;
        if (client != null && affinityNanos > 0) {
            Affinity affinity = affinities.get(client);
            if (affinity != null && nanoClock.getAsLong() - affinity.lastUsed() <= affinityNanos) {
                start = current.indexOf(affinity.endpoint());
            }
        }
        if (start < 0) {
            start = Math.floorMod(next.getAndIncrement(), current.size());
        }
        List<InetSocketAddress> order = new ArrayList<>(current.size());
        for (int i = 0; i < current.size(); i++) {
            order.add(current.get((start + i) % current.size()));
        }
        return order;
    }

    /** {@code client} reached {@code endpoint}: with affinity, it goes there again next time. */
    void reached(InetAddress client, InetSocketAddress endpoint) {
        if (client != null && affinityNanos > 0) {
            affinities.put(client, new Affinity(endpoint, nanoClock.getAsLong()));
        }
    }

    private record Affinity(InetSocketAddress endpoint, long lastUsed) {}
}
