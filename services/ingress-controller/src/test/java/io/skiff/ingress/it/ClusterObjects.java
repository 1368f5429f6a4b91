package io.skiff.ingress.it;

import java.util.List;
import java.util.stream.Collectors;

/** JSON for the objects the tests create through the API server. */
final class ClusterObjects {

    private ClusterObjects() {}

    /** A selector-less Service with one TCP port named {@code http}, 80 → 8080 (the slices say where). */
    static String service(String name) {
        return """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s"},
                 "spec":{"type":"ClusterIP","ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080}]}}
                """.formatted(name);
    }

    /** An EndpointSlice of {@code service} with port {@code http} = {@code port} on the given endpoints. */
    static String slice(String name, String service, int port, List<Endpoint> endpoints) {
        String items = endpoints.stream()
                .map(endpoint -> """
                        {"addresses":["%s"],"conditions":{"ready":%s}}""".formatted(endpoint.address(), endpoint.ready()))
                .collect(Collectors.joining(","));
        return """
                {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
                 "metadata":{"name":"%s","labels":{"kubernetes.io/service-name":"%s"}},
                 "addressType":"IPv4","ports":[{"name":"http","protocol":"TCP","port":%d}],
                 "endpoints":[%s]}
                """.formatted(name, service, port, items);
    }

    record Endpoint(String address, boolean ready) {}

    static String tlsSecret(String name, List<String> certificateAndKey) {
        return """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s"},"type":"kubernetes.io/tls",
                 "data":{"tls.crt":"%s","tls.key":"%s"}}
                """.formatted(name, certificateAndKey.get(0), certificateAndKey.get(1));
    }

    /** One rule path: Prefix/Exact/ImplementationSpecific to a Service port by number (80) or name. */
    record Path(String path, String type, String service, boolean portByName) {
        String json() {
            String port = portByName ? "{\"name\":\"http\"}" : "{\"number\":80}";
            return """
                    {"path":"%s","pathType":"%s","backend":{"service":{"name":"%s","port":%s}}}""".formatted(path, type, service, port);
        }
    }

    record Rule(String host, List<Path> paths) {
        String json() {
            String paths = this.paths.stream().map(Path::json).collect(Collectors.joining(","));
            String hostField = host == null ? "" : "\"host\":\"" + host + "\",";
            return "{" + hostField + "\"http\":{\"paths\":[" + paths + "]}}";
        }
    }

    /**
     * An Ingress.
     *
     * @param className spec.ingressClassName, or null for none
     * @param defaultService spec.defaultBackend's Service (port 80), or null
     * @param tls {@code secret=host,host} entries for spec.tls
     */
    static String ingress(String name, String className, String defaultService, List<String> tls, List<Rule> rules) {
        StringBuilder spec = new StringBuilder();
        if (className != null) {
            spec.append("\"ingressClassName\":\"").append(className).append("\",");
        }
        if (defaultService != null) {
            spec.append("\"defaultBackend\":{\"service\":{\"name\":\"")
                    .append(defaultService)
                    .append("\",\"port\":{\"number\":80}}},");
        }
        if (!tls.isEmpty()) {
            spec.append("\"tls\":[")
                    .append(tls.stream()
                            .map(entry -> {
                                String[] parts = entry.split("=");
                                String hosts = List.of(parts[1].split(",")).stream()
                                        .map(host -> "\"" + host + "\"")
                                        .collect(Collectors.joining(","));
                                return "{\"secretName\":\"" + parts[0] + "\",\"hosts\":[" + hosts + "]}";
                            })
                            .collect(Collectors.joining(",")))
                    .append("],");
        }
        spec.append("\"rules\":[")
                .append(rules.stream().map(Rule::json).collect(Collectors.joining(",")))
                .append("]");
        return """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"%s"},"spec":{%s}}
                """.formatted(name, spec);
    }
}
