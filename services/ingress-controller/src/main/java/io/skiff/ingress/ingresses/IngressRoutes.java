package io.skiff.ingress.ingresses;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.skiff.ingress.routing.Backend;
import io.skiff.ingress.routing.HostPattern;
import io.skiff.ingress.routing.PathRule;
import io.skiff.ingress.routing.PathType;
import io.skiff.ingress.routing.Route;
import io.skiff.ingress.routing.RoutingTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns served Ingresses into a {@link RoutingTable}. Ingresses are added oldest first (creation
 * time, then namespace/name), so when two claim the same host and path, or both set a default
 * backend, the older one wins, as ingress-nginx resolves such conflicts. Resource backends are not
 * served (no paths for them).
 */
public final class IngressRoutes {

    static final Comparator<Ingress> OLDEST_FIRST = Comparator.comparing(
                    (Ingress ingress) -> nullToEmpty(ingress.getMetadata().getCreationTimestamp()))
            .thenComparing(ingress -> nullToEmpty(ingress.getMetadata().getNamespace()))
            .thenComparing(ingress -> ingress.getMetadata().getName());

    private IngressRoutes() {}

    public static List<Ingress> oldestFirst(List<Ingress> ingresses) {
        List<Ingress> ordered = new ArrayList<>(ingresses);
        ordered.sort(OLDEST_FIRST);
        return ordered;
    }

    public static RoutingTable table(List<Ingress> served) {
        List<Ingress> ordered = oldestFirst(served);
        RoutingTable.Builder table = RoutingTable.builder();
        for (Ingress ingress : ordered) {
            routes(ingress).forEach(table::add);
            if (ingress.getSpec() != null) {
                backend(ingress, ingress.getSpec().getDefaultBackend()).ifPresent(table::defaultBackend);
            }
        }
        return table.build();
    }

    /** The routes of one Ingress's rules. */
    public static List<Route> routes(Ingress ingress) {
        List<Route> routes = new ArrayList<>();
        if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
            return routes;
        }
        for (IngressRule rule : ingress.getSpec().getRules()) {
            if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
                continue;
            }
            HostPattern host = HostPattern.of(rule.getHost());
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                Optional<PathType> type = PathType.of(path.getPathType());
                Optional<Backend> backend = backend(ingress, path.getBackend());
                if (type.isPresent() && backend.isPresent()) {
                    String value = path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath();
                    routes.add(new Route(host, PathRule.of(value, type.get()), backend.get()));
                }
            }
        }
        return routes;
    }

    static Optional<Backend> backend(Ingress ingress, IngressBackend backend) {
        if (backend == null || backend.getService() == null) {
            return Optional.empty();
        }
        IngressServiceBackend service = backend.getService();
        if (service.getName() == null || service.getPort() == null) {
            return Optional.empty();
        }
        Backend.ServicePortRef port;
        if (service.getPort().getName() != null && !service.getPort().getName().isEmpty()) {
            port = Backend.ServicePortRef.name(service.getPort().getName());
        } else if (service.getPort().getNumber() != null) {
            port = Backend.ServicePortRef.number(service.getPort().getNumber());
        } else {
            return Optional.empty();
        }
        return Optional.of(new Backend(
                ingress.getMetadata().getNamespace(), ingress.getMetadata().getName(), service.getName(), port));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
