package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of discovery.k8s.io/v1 (pkg/apis/discovery/v1/defaults.go). */
final class DiscoveryV1Defaults {

    private DiscoveryV1Defaults() {}

    static void addTo(KindTable table) {
        table.add("discovery.k8s.io/v1", "EndpointSlice", DiscoveryV1Defaults::endpointSlice);
    }

    private static void endpointSlice(ObjectNode slice) {
        for (ObjectNode port : Json.items(slice, "ports")) {
            Json.putIfNull(port, "name", "");
            Json.putIfNull(port, "protocol", "TCP");
        }
        for (ObjectNode endpoint : Json.items(slice, "endpoints")) {
            GoEncoding.struct(endpoint, "conditions");
        }
    }
}
