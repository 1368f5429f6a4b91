package io.skiff.proxy.servicemap;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state one sync programs: every service port with its endpoints (all of them; {@link
 * Endpoints#usable} picks the ones that take traffic), the Services ({@code ns/name}) that changed
 * since the previous snapshot, and the endpoints.kubernetes.io/last-change-trigger-time of the
 * EndpointSlice changes it includes, for the network programming latency.
 */
public record ProxySnapshot(
        SortedMap<ServicePortName, ServicePortInfo> services,
        Map<ServicePortName, List<Endpoint>> endpoints,
        Set<String> changedServices,
        List<Instant> triggerTimes) {

    public List<Endpoint> endpointsOf(ServicePortName name) {
        return endpoints.getOrDefault(name, List.of());
    }

    public boolean changed(ServicePortName name) {
        return changedServices.contains(name.serviceKey());
    }

    /**
     * The health check node port of each Service ({@code ns/name}) that has one (kube-proxy's
     * HealthCheckNodePorts).
     */
    public Map<String, Integer> healthCheckNodePorts() {
        Map<String, Integer> ports = new TreeMap<>();
        for (ServicePortInfo service : services.values()) {
            if (service.healthCheckNodePort() != 0) {
                ports.put(service.name().serviceKey(), service.healthCheckNodePort());
            }
        }
        return ports;
    }

    /**
     * How many distinct ready endpoint addresses each Service ({@code ns/name}) has on node {@code
     * nodeName} (kube-proxy's LocalReadyEndpoints): an address serving two ports counts once, and
     * terminating endpoints do not count, so a node left with only those fails its health check.
     */
    public Map<String, Integer> localReadyEndpoints(String nodeName) {
        Map<String, Set<String>> addresses = new TreeMap<>();
        endpoints.forEach((name, list) -> {
            for (Endpoint endpoint : list) {
                if (endpoint.ready() && nodeName.equals(endpoint.nodeName())) {
                    addresses
                            .computeIfAbsent(name.serviceKey(), k -> new HashSet<>())
                            .add(endpoint.ip());
                }
            }
        });
        Map<String, Integer> counts = new TreeMap<>();
        addresses.forEach((service, ips) -> counts.put(service, ips.size()));
        return counts;
    }
}
