package io.skiff.proxy.servicemap;

import java.util.List;

/** Which endpoints receive traffic, as kube-proxy's CategorizeEndpoints decides for cluster traffic. */
public final class Endpoints {

    private Endpoints() {}

    /**
     * The ready endpoints; when there are none, the endpoints that are terminating but still
     * serving, so connections keep working while a rollout replaces the last pods.
     */
    public static List<Endpoint> usable(List<Endpoint> endpoints) {
        List<Endpoint> ready = endpoints.stream().filter(Endpoint::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return endpoints.stream()
                .filter(endpoint -> endpoint.serving() && endpoint.terminating())
                .toList();
    }
}
