package io.skiff.ingress.upstream;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ready endpoints of one Service port, taken in turn (round robin). Empty, with the reason, when
 * the Service, its port or any ready endpoint is missing: the proxy answers 503 then.
 */
public final class Upstreams {

    private final List<InetSocketAddress> endpoints;
    private final String unavailableReason;
    private final AtomicInteger next = new AtomicInteger();

    private Upstreams(List<InetSocketAddress> endpoints, String unavailableReason) {
        this.endpoints = List.copyOf(endpoints);
        this.unavailableReason = unavailableReason;
    }

    public static Upstreams of(List<InetSocketAddress> endpoints) {
        return endpoints.isEmpty() ? none("no ready endpoints") : new Upstreams(endpoints, null);
    }

    public static Upstreams none(String reason) {
        return new Upstreams(List.of(), reason);
    }

    /** The next endpoint in turn; empty when there is none. */
    public Optional<InetSocketAddress> next() {
        if (endpoints.isEmpty()) {
            return Optional.empty();
        }
        int turn = Math.floorMod(next.getAndIncrement(), endpoints.size());
        return Optional.of(endpoints.get(turn));
    }

    public List<InetSocketAddress> endpoints() {
        return endpoints;
    }

    /** Why there is no endpoint ("service not found", ...); empty when there are some. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }
}
