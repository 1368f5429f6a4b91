package io.skiff.proxy.servicemap;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.model.net.Ipv4Cidr;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps the Services and EndpointSlices the informers deliver, in the form the proxy programs, and
 * remembers which Services changed since the last snapshot (kube-proxy's ServiceChangeTracker and
 * EndpointsChangeTracker with its EndpointSliceCache). A change that does not alter what the proxy
 * programs (a label, a status condition) marks nothing. Thread-safe: informers call in, the sync
 * thread takes snapshots.
 */
public final class ServiceChangeTracker {

    /** The label that ties an EndpointSlice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /** When the EndpointSlice controller saw the change that produced a slice's current content. */
    public static final String LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

    private static final int DEFAULT_STICKY_MAX_AGE_SECONDS = 10800;

    private final Instant startTime;
    private final Map<String, List<ServicePortInfo>> services = new HashMap<>();
    private final Map<String, Map<String, SliceInfo>> slicesByService = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    private final List<Instant> triggerTimes = new ArrayList<>();
    /** The previous snapshot's service ports; null when a Service changed since. */
    private SortedMap<ServicePortName, ServicePortInfo> portsSnapshot;
    /** The previous snapshot's endpoints, reused for the Services that did not change. */
    private Map<ServicePortName, List<Endpoint>> endpointsSnapshot = Map.of();

    public ServiceChangeTracker(Clock clock) {
        this.startTime = clock.instant();
    }

    /** A Service appeared or changed; returns whether what the proxy programs changed. */
    public synchronized boolean serviceUpdated(Service service) {
        String key =
                key(service.getMetadata().getNamespace(), service.getMetadata().getName());
        List<ServicePortInfo> ports = servicePorts(service);
        List<ServicePortInfo> previous = ports.isEmpty() ? services.remove(key) : services.put(key, ports);
        return markServiceIf(key, !Objects.equals(previous == null ? List.of() : previous, ports));
    }

    public synchronized boolean serviceDeleted(Service service) {
        String key =
                key(service.getMetadata().getNamespace(), service.getMetadata().getName());
        return markServiceIf(key, services.remove(key) != null);
    }

    /** An EndpointSlice appeared or changed; returns whether its Service's endpoints changed. */
    public synchronized boolean sliceUpdated(EndpointSlice slice) {
        String service = serviceOf(slice);
        if (service == null) {
            return false;
        }
        SliceInfo info = SliceInfo.of(slice);
        SliceInfo previous = slicesByService
                .computeIfAbsent(service, k -> new HashMap<>())
                .put(slice.getMetadata().getName(), info);
        boolean changedNow = markIf(service, !info.equals(previous));
        if (changedNow) {
            recordTriggerTime(slice);
        }
        return changedNow;
    }

    public synchronized boolean sliceDeleted(EndpointSlice slice) {
        String service = serviceOf(slice);
        if (service == null) {
            return false;
        }
        Map<String, SliceInfo> slices = slicesByService.get(service);
        SliceInfo removed =
                slices == null ? null : slices.remove(slice.getMetadata().getName());
        if (slices != null && slices.isEmpty()) {
            slicesByService.remove(service);
        }
        return markIf(service, removed != null);
    }

    /** Everything is to be written again (after a failed sync). */
    public synchronized void markAllChanged() {
        changed.addAll(services.keySet());
        changed.addAll(slicesByService.keySet());
        portsSnapshot = null;
    }

    /**
     * The current state, and the changes since the previous snapshot (which it consumes). Only the
     * Services that changed are worked out again: with thousands of Services and a few changing
     * between syncs, rebuilding them all would cost more than the sync's own rule writing.
     */
    public synchronized ProxySnapshot snapshot() {
        if (portsSnapshot == null) {
            TreeMap<ServicePortName, ServicePortInfo> ports = new TreeMap<>();
            for (List<ServicePortInfo> list : services.values()) {
                for (ServicePortInfo port : list) {
                    ports.put(port.name(), port);
                }
            }
            portsSnapshot = Collections.unmodifiableSortedMap(ports);
        }
        if (!changed.isEmpty() || endpointsSnapshot.size() != portsSnapshot.size()) {
            Map<ServicePortName, List<Endpoint>> endpoints = new HashMap<>();
            for (ServicePortName name : portsSnapshot.keySet()) {
                List<Endpoint> previous = endpointsSnapshot.get(name);
                endpoints.put(
                        name, previous == null || changed.contains(name.serviceKey()) ? endpointsOf(name) : previous);
            }
            endpointsSnapshot = Collections.unmodifiableMap(endpoints);
        }
        ProxySnapshot snapshot =
                new ProxySnapshot(portsSnapshot, endpointsSnapshot, Set.copyOf(changed), List.copyOf(triggerTimes));
        changed.clear();
        triggerTimes.clear();
        return snapshot;
    }

    /** Whether a change waits for the next sync. */
    public synchronized boolean hasPendingChanges() {
        return !changed.isEmpty();
    }

    private List<Endpoint> endpointsOf(ServicePortName name) {
        Map<String, SliceInfo> slices = slicesByService.get(name.serviceKey());
        if (slices == null) {
            return List.of();
        }
        Map<String, Endpoint> byHostPort = new LinkedHashMap<>();
        slices.keySet().stream().sorted().forEach(sliceName -> {
            SliceInfo slice = slices.get(sliceName);
            for (SlicePort port : slice.ports()) {
                if (port.name().equals(name.port()) && port.protocol().equals(name.protocol()) && port.port() > 0) {
                    for (SliceEndpoint endpoint : slice.endpoints()) {
                        Endpoint converted = new Endpoint(
                                endpoint.ip(),
                                port.port(),
                                endpoint.ready(),
                                endpoint.serving(),
                                endpoint.terminating(),
                                endpoint.nodeName());
                        byHostPort.putIfAbsent(converted.hostPort(), converted);
                    }
                }
            }
        });
        List<Endpoint> sorted = new ArrayList<>(byHostPort.values());
        sorted.sort(Comparator.comparingLong((Endpoint e) -> ipValue(e.ip())).thenComparingInt(Endpoint::port));
        return List.copyOf(sorted);
    }

    private void recordTriggerTime(EndpointSlice slice) {
        Map<String, String> annotations = slice.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(LAST_CHANGE_TRIGGER_TIME);
        if (value == null) {
            return;
        }
        try {
            Instant time = Instant.parse(value);
            // Changes from before this proxy started would report how long it was down, not how
            // fast it programs (kube-proxy ignores them likewise).
            if (!time.isBefore(startTime)) {
                triggerTimes.add(time);
            }
        } catch (DateTimeParseException e) {
            // An unparseable annotation only costs one latency sample.
        }
    }

    private boolean markServiceIf(String key, boolean changedNow) {
        if (changedNow) {
            portsSnapshot = null;
        }
        return markIf(key, changedNow);
    }

    private boolean markIf(String key, boolean changedNow) {
        if (changedNow) {
            changed.add(key);
        }
        return changedNow;
    }

    private static String serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return service == null || service.isEmpty()
                ? null
                : key(slice.getMetadata().getNamespace(), service);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /**
     * The ports of a Service the proxy programs: none for headless and ExternalName Services
     * (kube-proxy's ShouldSkipService) or for an IPv6 cluster IP.
     */
    static List<ServicePortInfo> servicePorts(Service service) {
        ServiceSpec spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType())) {
            return List.of();
        }
        String clusterIp = spec.getClusterIP();
        if (clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None") || !isIpv4(clusterIp)) {
            return List.of();
        }
        int sticky = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            sticky = DEFAULT_STICKY_MAX_AGE_SECONDS;
            if (spec.getSessionAffinityConfig() != null
                    && spec.getSessionAffinityConfig().getClientIP() != null
                    && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
                sticky = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            }
        }
        List<String> externalIps = spec.getExternalIPs() == null
                ? List.of()
                : spec.getExternalIPs().stream()
                        .filter(ServiceChangeTracker::isIpv4)
                        .toList();
        List<String> loadBalancerIps = new ArrayList<>();
        if (service.getStatus() != null
                && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress :
                    service.getStatus().getLoadBalancer().getIngress()) {
                // An ingress in Proxy mode is reached through the load balancer, which forwards to
                // the nodes: its address is not the packets' destination here.
                boolean vip = ingress.getIpMode() == null || "VIP".equals(ingress.getIpMode());
                if (vip && ingress.getIp() != null && isIpv4(ingress.getIp())) {
                    loadBalancerIps.add(ingress.getIp());
                }
            }
        }
        boolean externalPolicyLocal = ("NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType()))
                && "Local".equals(spec.getExternalTrafficPolicy());
        boolean internalPolicyLocal = "Local".equals(spec.getInternalTrafficPolicy());
        List<String> sourceRanges = sourceRanges(spec.getLoadBalancerSourceRanges());
        // kube-proxy's NeedsHealthCheck: only a LoadBalancer with the Local external policy.
        int healthCheckNodePort =
                "LoadBalancer".equals(spec.getType()) && externalPolicyLocal && spec.getHealthCheckNodePort() != null
                        ? spec.getHealthCheckNodePort()
                        : 0;
        List<ServicePortInfo> ports = new ArrayList<>();
        if (spec.getPorts() != null) {
            for (ServicePort port : spec.getPorts()) {
                if (port.getPort() == null) {
                    continue;
                }
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                ports.add(new ServicePortInfo(
                        new ServicePortName(
                                service.getMetadata().getNamespace(),
                                service.getMetadata().getName(),
                                port.getName(),
                                protocol),
                        clusterIp,
                        port.getPort(),
                        protocol,
                        port.getNodePort() == null ? 0 : port.getNodePort(),
                        externalIps,
                        loadBalancerIps,
                        sourceRanges,
                        sticky,
                        externalPolicyLocal,
                        internalPolicyLocal,
                        healthCheckNodePort));
            }
        }
        return List.copyOf(ports);
    }

    /**
     * The IPv4 source ranges, normalized ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}); blanks,
     * IPv6 ranges and unparseable ones are dropped, as kube-proxy drops them.
     */
    private static List<String> sourceRanges(List<String> ranges) {
        if (ranges == null) {
            return List.of();
        }
        List<String> parsed = new ArrayList<>();
        for (String range : ranges) {
            String trimmed = range == null ? "" : range.trim();
            try {
                if (!trimmed.isEmpty()) {
                    parsed.add(Ipv4Cidr.parse(trimmed).toString());
                }
            } catch (IllegalArgumentException e) {
                // Not an IPv4 CIDR: the API server's validation lets none through but IPv6.
            }
        }
        return parsed;
    }

    static boolean isIpv4(String address) {
        return address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    static long ipValue(String ip) {
        if (!isIpv4(ip)) {
            return Long.MAX_VALUE;
        }
        long value = 0;
        for (String part : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    /** The parts of an EndpointSlice the proxy uses; equal when nothing the proxy programs differs. */
    record SliceInfo(List<SlicePort> ports, List<SliceEndpoint> endpoints) {

        static SliceInfo of(EndpointSlice slice) {
            if (!"IPv4".equals(slice.getAddressType())) {
                return new SliceInfo(List.of(), List.of());
            }
            List<SlicePort> ports = new ArrayList<>();
            if (slice.getPorts() != null) {
                for (EndpointPort port : slice.getPorts()) {
                    ports.add(new SlicePort(
                            port.getName() == null ? "" : port.getName(),
                            port.getProtocol() == null ? "TCP" : port.getProtocol(),
                            port.getPort() == null ? 0 : port.getPort()));
                }
            }
            List<SliceEndpoint> endpoints = new ArrayList<>();
            if (slice.getEndpoints() != null) {
                for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint : slice.getEndpoints()) {
                    if (endpoint.getAddresses() == null
                            || endpoint.getAddresses().isEmpty()) {
                        continue;
                    }
                    EndpointConditions conditions = endpoint.getConditions();
                    Boolean ready = conditions == null ? null : conditions.getReady();
                    Boolean serving = conditions == null ? null : conditions.getServing();
                    Boolean terminating = conditions == null ? null : conditions.getTerminating();
                    endpoints.add(new SliceEndpoint(
                            endpoint.getAddresses().get(0),
                            ready == null || ready,
                            serving == null || serving,
                            terminating != null && terminating,
                            endpoint.getNodeName()));
                }
            }
            return new SliceInfo(List.copyOf(ports), List.copyOf(endpoints));
        }
    }

    record SlicePort(String name, String protocol, int port) {}

    record SliceEndpoint(String ip, boolean ready, boolean serving, boolean terminating, String nodeName) {}
}
