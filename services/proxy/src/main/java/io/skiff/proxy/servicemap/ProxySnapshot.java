package io.skiff.proxy.servicemap;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

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
}
