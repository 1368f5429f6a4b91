package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired endpoints by identity (endpointsliceutil.EndpointSet): two endpoints are the same when
 * their addresses, hostname and pod agree, whatever their conditions, node or zone; those are
 * compared separately ({@link SliceEndpoints#equalBeyondIdentity}).
 */
final class EndpointSet {

    private record Identity(List<String> addresses, String hostname, String namespace, String name) {

        static Identity of(Endpoint endpoint) {
            List<String> addresses =
                    new ArrayList<>(endpoint.getAddresses() == null ? List.of() : endpoint.getAddresses());
            addresses.sort(null);
            String namespace = endpoint.getTargetRef() == null
                    ? ""
                    : orEmpty(endpoint.getTargetRef().getNamespace());
            String name = endpoint.getTargetRef() == null
                    ? ""
                    : orEmpty(endpoint.getTargetRef().getName());
            return new Identity(List.copyOf(addresses), orEmpty(endpoint.getHostname()), namespace, name);
        }
    }

    private final Map<Identity, Endpoint> endpoints = new LinkedHashMap<>();

    void insert(Endpoint endpoint) {
        endpoints.put(Identity.of(endpoint), endpoint);
    }

    /** The desired version of an endpoint with the same identity, or null. */
    Endpoint get(Endpoint endpoint) {
        return endpoints.get(Identity.of(endpoint));
    }

    void delete(Endpoint endpoint) {
        endpoints.remove(Identity.of(endpoint));
    }

    /** Removes and returns one endpoint (the earliest inserted); call only when not empty. */
    Endpoint pop() {
        Iterator<Endpoint> first = endpoints.values().iterator();
        Endpoint endpoint = first.next();
        first.remove();
        return endpoint;
    }

    int size() {
        return endpoints.size();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
