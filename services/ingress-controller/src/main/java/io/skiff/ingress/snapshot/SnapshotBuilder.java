package io.skiff.ingress.snapshot;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.skiff.ingress.ingresses.IngressClasses;
import io.skiff.ingress.ingresses.IngressRoutes;
import io.skiff.ingress.routing.Backend;
import io.skiff.ingress.routing.Backend.ServiceTarget;
import io.skiff.ingress.routing.RoutingTable;
import io.skiff.ingress.tls.TlsContexts;
import io.skiff.ingress.tls.TlsContextsBuilder;
import io.skiff.ingress.upstream.EndpointResolver;
import io.skiff.ingress.upstream.Upstreams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds snapshots from the caches. Not thread-safe: the one rebuild thread uses it. */
public final class SnapshotBuilder {

    private final String controller;
    private final TlsContextsBuilder tls = new TlsContextsBuilder();
    private long generation;

    public SnapshotBuilder(String controller) {
        this.controller = controller;
    }

    public ProxySnapshot build(ClusterView view) {
        IngressClasses classes = IngressClasses.of(view.ingressClasses(), controller);
        List<Ingress> served = new ArrayList<>();
        for (Ingress ingress : view.ingresses()) {
            if (classes.serves(ingress)) {
                served.add(ingress);
            }
        }
        RoutingTable table = IngressRoutes.table(served);
        Map<ServiceTarget, Upstreams> upstreams = new HashMap<>();
        for (Backend backend : table.backends()) {
            ServiceTarget target = backend.target();
            upstreams.computeIfAbsent(
                    target,
                    key -> EndpointResolver.resolve(
                            view.service(key.namespace(), key.service()),
                            view.endpointSlices(key.namespace(), key.service()),
                            key.port()));
        }
        List<Ingress> oldestFirst = IngressRoutes.oldestFirst(served);
        TlsContexts contexts = tls.build(oldestFirst, view::secret);
        List<String> keys = oldestFirst.stream()
                .map(ingress -> ingress.getMetadata().getNamespace() + "/"
                        + ingress.getMetadata().getName())
                .toList();
        return new ProxySnapshot(++generation, table, upstreams, contexts, keys);
    }
}
