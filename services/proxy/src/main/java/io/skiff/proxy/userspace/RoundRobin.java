package io.skiff.proxy.userspace;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service port's ready endpoints in round-robin order: each connection starts at the next
 * endpoint and, should that one refuse, falls through to the ones after it.
 */
final class RoundRobin {

    private final AtomicInteger next = new AtomicInteger();
    private volatile List<InetSocketAddress> endpoints = List.of();

    void update(List<InetSocketAddress> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** All endpoints, starting at this connection's turn. */
    List<InetSocketAddress> order() {
        List<InetSocketAddress> current = endpoints;
        if (current.isEmpty()) {
            return List.of();
        }
        int start = Math.floorMod(next.getAndIncrement(), current.size());
        List<InetSocketAddress> order = new ArrayList<>(current.size());
        for (int i = 0; i < current.size(); i++) {
            order.add(current.get((start + i) % current.size()));
        }
        return order;
    }
}
