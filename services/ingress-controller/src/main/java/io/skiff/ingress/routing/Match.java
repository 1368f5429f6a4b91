package io.skiff.ingress.routing;

import java.util.Optional;

/**
 * The routing decision for a request: the rule that matched, or none and then the default backend
 * (spec.defaultBackend of a served Ingress) when there is one.
 */
public record Match(Optional<Route> route, Backend backend) {

    public boolean isDefaultBackend() {
        return route.isEmpty();
    }
}
