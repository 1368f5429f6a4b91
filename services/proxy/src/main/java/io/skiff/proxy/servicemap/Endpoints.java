package io.skiff.proxy.servicemap;

import java.util.List;

/** Which endpoints receive traffic, as kube-proxy's CategorizeEndpoints decides. */
public final class Endpoints {

    private Endpoints() {}

    /**
     * The ready endpoints; when there are none, the endpoints that are terminating but still
     * serving, so connections keep working while a rollout replaces the last pods.
     */
    public static List<Endpoint> usable(List<Endpoint> endpoints) {
        return usable(endpoints, null);
    }

    /**
     * The usable endpoints on node {@code nodeName} (all nodes when null), by the same rule: the
     * ready ones, else the terminating ones still serving.
     */
    public static List<Endpoint> usable(List<Endpoint> endpoints, String nodeName) {
        if (nodeName != null) {
            endpoints = endpoints.stream()
                    .filter(endpoint -> nodeName.equals(endpoint.nodeName()))
                    .toList();
        }
        List<Endpoint> ready = endpoints.stream().filter(Endpoint::ready).toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return endpoints.stream()
                .filter(endpoint -> endpoint.serving() && endpoint.terminating())
                .toList();
    }
}
