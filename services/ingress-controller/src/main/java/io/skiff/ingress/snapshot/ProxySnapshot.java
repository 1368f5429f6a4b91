package io.skiff.ingress.snapshot;

import io.skiff.ingress.routing.Backend;
import io.skiff.ingress.routing.Backend.ServiceTarget;
import io.skiff.ingress.routing.RoutingTable;
import io.skiff.ingress.tls.TlsContexts;
import io.skiff.ingress.upstream.Upstreams;
import java.util.List;
import java.util.Map;

/**
 * Everything a request needs, immutable: the routes, each backend's endpoints and the TLS
 * certificates. A new one replaces the old whole; requests already routed keep theirs.
 *
 * @param served the namespace/name keys of the Ingresses served
 */
public record ProxySnapshot(
        long generation,
        RoutingTable table,
        Map<ServiceTarget, Upstreams> upstreams,
        TlsContexts tls,
        List<String> served) {

    public static final ProxySnapshot EMPTY =
            new ProxySnapshot(0, RoutingTable.EMPTY, Map.of(), TlsContexts.NONE, List.of());

    public ProxySnapshot {
        upstreams = Map.copyOf(upstreams);
        served = List.copyOf(served);
    }

    public Upstreams upstreams(Backend backend) {
        Upstreams found = upstreams.get(backend.target());
        return found == null ? Upstreams.none("service not resolved") : found;
    }
}
