package io.skiff.ingress.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of every served Ingress, immutable, indexed by host. A request is matched against the
 * routes of its precise host first, then those of its wildcard ({@code *.suffix}), then the rules
 * without a host; within each, the longest matching path wins and, between paths of equal length,
 * Exact wins over Prefix (the Ingress spec's precedence). A host whose paths do not match falls
 * through to the next kind (as Traefik's routers do), and nothing matching goes to the default
 * backend. Between identical host/path/type routes the one added first wins: add Ingresses oldest
 * first.
 */
public final class RoutingTable {

    private static final Comparator<Route> PRECEDENCE = Comparator.<Route>comparingInt(
                    route -> -route.path().length())
            .thenComparing(route -> route.path().type());

    private final Map<String, List<Route>> exactHosts;
    private final Map<String, List<Route>> wildcardHosts;
    private final List<Route> anyHost;
    private final Optional<Backend> defaultBackend;
    private final int size;

    private RoutingTable(
            Map<String, List<Route>> exactHosts,
            Map<String, List<Route>> wildcardHosts,
            List<Route> anyHost,
            Optional<Backend> defaultBackend,
            int size) {
        this.exactHosts = exactHosts;
        this.wildcardHosts = wildcardHosts;
        this.anyHost = anyHost;
        this.defaultBackend = defaultBackend;
        this.size = size;
    }

    public static final RoutingTable EMPTY = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where a request goes.
     *
     * @param hostHeader the request's Host header (any port is ignored)
     * @param path the request path without its query
     * @return empty when nothing matches and no Ingress has a default backend (a 404)
     */
    public Optional<Match> route(String hostHeader, String path) {
        Optional<String> host = HostPattern.requestHost(hostHeader);
        if (host.isPresent()) {
            Optional<Route> exact = firstMatching(exactHosts.get(host.get()), path);
            if (exact.isPresent()) {
                return exact.map(RoutingTable::matched);
            }
            Optional<Route> wildcard = HostPattern.wildcardSuffix(host.get())
                    .flatMap(suffix -> firstMatching(wildcardHosts.get(suffix), path));
            if (wildcard.isPresent()) {
                return wildcard.map(RoutingTable::matched);
            }
        }
        Optional<Route> any = firstMatching(anyHost, path);
        if (any.isPresent()) {
            return any.map(RoutingTable::matched);
        }
        return defaultBackend.map(backend -> new Match(Optional.empty(), backend));
    }

    /** Every route's backend and the default backend: the Service ports to resolve. */
    public List<Backend> backends() {
        List<Backend> backends = new ArrayList<>();
        exactHosts.values().forEach(routes -> routes.forEach(route -> backends.add(route.backend())));
        wildcardHosts.values().forEach(routes -> routes.forEach(route -> backends.add(route.backend())));
        anyHost.forEach(route -> backends.add(route.backend()));
        defaultBackend.ifPresent(backends::add);
        return backends;
    }

    public Optional<Backend> defaultBackend() {
        return defaultBackend;
    }

    /** How many routes the table holds. */
    public int size() {
        return size;
    }

    private static Optional<Route> firstMatching(List<Route> routes, String path) {
        if (routes == null) {
            return Optional.empty();
        }
        for (Route route : routes) {
            if (route.path().matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    private static Match matched(Route route) {
        return new Match(Optional.of(route), route.backend());
    }

    /** Collects routes in precedence order of their Ingresses (oldest first). */
    public static final class Builder {

        private final Map<String, List<Route>> exactHosts = new HashMap<>();
        private final Map<String, List<Route>> wildcardHosts = new HashMap<>();
        private final List<Route> anyHost = new ArrayList<>();
        private Backend defaultBackend;
        private int size;

        private Builder() {}

        public Builder add(Route route) {
            switch (route.host().kind()) {
                case EXACT ->
                    exactHosts
                            .computeIfAbsent(route.host().host(), host -> new ArrayList<>())
                            .add(route);
                case WILDCARD ->
                    wildcardHosts
                            .computeIfAbsent(route.host().host(), host -> new ArrayList<>())
                            .add(route);
                case ANY -> anyHost.add(route);
            }
            size++;
            return this;
        }

        /** The default backend, unless an earlier Ingress already set one. */
        public Builder defaultBackend(Backend backend) {
            if (defaultBackend == null) {
                defaultBackend = backend;
            }
            return this;
        }

        public RoutingTable build() {
            return new RoutingTable(
                    sorted(exactHosts),
                    sorted(wildcardHosts),
                    sortedList(anyHost),
                    Optional.ofNullable(defaultBackend),
                    size);
        }

        private static Map<String, List<Route>> sorted(Map<String, List<Route>> byHost) {
            Map<String, List<Route>> copy = new HashMap<>();
            byHost.forEach((host, routes) -> copy.put(host, sortedList(routes)));
            return Map.copyOf(copy);
        }

        /** A stable sort: among equal routes, the one added first stays first and wins. */
        private static List<Route> sortedList(List<Route> routes) {
            List<Route> sorted = new ArrayList<>(routes);
            sorted.sort(PRECEDENCE);
            return List.copyOf(sorted);
        }
    }
}
