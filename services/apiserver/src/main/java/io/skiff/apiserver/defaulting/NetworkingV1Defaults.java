package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of networking.k8s.io/v1 (pkg/apis/networking/v1/defaults.go). */
final class NetworkingV1Defaults {

    private static final String GROUP_VERSION = "networking.k8s.io/v1";

    private NetworkingV1Defaults() {}

    static void addTo(KindTable table) {
        table.add(GROUP_VERSION, "NetworkPolicy", NetworkingV1Defaults::networkPolicy)
                .add(GROUP_VERSION, "Ingress", NetworkingV1Defaults::ingress)
                .add(GROUP_VERSION, "IngressClass", NetworkingV1Defaults::ingressClass);
    }

    private static void networkPolicy(ObjectNode policy) {
        ObjectNode spec = Json.child(policy, "spec");
        if (spec == null) {
            return;
        }
        GoEncoding.struct(spec, "podSelector");
        for (String direction : new String[] {"ingress", "egress"}) {
            for (ObjectNode rule : Json.items(spec, direction)) {
                for (ObjectNode port : Json.items(rule, "ports")) {
                    Json.putIfNull(port, "protocol", "TCP");
                }
            }
        }
        if (!Json.hasElements(spec, "policyTypes")) {
            // A policy without policyTypes is an ingress policy, plus egress when it has egress rules.
            var types = spec.putArray("policyTypes").add("Ingress");
            if (Json.hasElements(spec, "egress")) {
                types.add("Egress");
            }
        }
    }

    private static void ingress(ObjectNode ingress) {
        ObjectNode spec = Json.child(ingress, "spec");
        serviceBackend(Json.child(spec, "defaultBackend"));
        for (ObjectNode rule : Json.items(spec, "rules")) {
            for (ObjectNode path : Json.items(Json.child(rule, "http"), "paths")) {
                serviceBackend(Json.child(path, "backend"));
            }
        }
        GoEncoding.struct(GoEncoding.struct(ingress, "status"), "loadBalancer");
    }

    private static void serviceBackend(ObjectNode backend) {
        ObjectNode service = Json.child(backend, "service");
        if (service != null) {
            GoEncoding.struct(service, "port");
        }
    }

    private static void ingressClass(ObjectNode ingressClass) {
        Json.putIfNull(Json.child(Json.child(ingressClass, "spec"), "parameters"), "scope", "Cluster");
    }
}
