package io.skiff.ingress.upstream;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.ingress.routing.Backend.ServicePortRef;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves an Ingress backend's Service port to pod addresses, as kube-proxy does: the Service port
 * (by number or name) gives a port name, and the EndpointSlices' port of that name gives the target
 * port of each ready endpoint. Traffic then goes straight to the pods, never through the cluster IP.
 */
public final class EndpointResolver {

    private EndpointResolver() {}

    /**
     * @param service the backend Service, empty when it does not exist
     * @param slices the EndpointSlices labelled with the Service's name
     */
    public static Upstreams resolve(Optional<Service> service, List<EndpointSlice> slices, ServicePortRef ref) {
        if (service.isEmpty()) {
            return Upstreams.none("service not found");
        }
        if (service.get().getSpec() != null
                && "ExternalName".equals(service.get().getSpec().getType())) {
            return Upstreams.none("ExternalName services are not served");
        }
        Optional<ServicePort> port = servicePort(service.get(), ref);
        if (port.isEmpty()) {
            return Upstreams.none("service has no port " + ref);
        }
        String portName = port.get().getName() == null ? "" : port.get().getName();
        Set<InetSocketAddress> endpoints = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            Optional<Integer> target = slicePort(slice, portName);
            if (target.isEmpty() || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (!isReady(endpoint) || endpoint.getAddresses() == null) {
                    continue;
                }
                for (String address : endpoint.getAddresses()) {
                    literal(address).ifPresent(ip -> endpoints.add(new InetSocketAddress(ip, target.get())));
                }
            }
        }
        return Upstreams.of(new ArrayList<>(endpoints));
    }

    static Optional<ServicePort> servicePort(Service service, ServicePortRef ref) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            boolean tcp = port.getProtocol() == null || "TCP".equals(port.getProtocol());
            boolean named = ref.byName()
                    ? ref.name().equals(port.getName())
                    : port.getPort() != null && port.getPort() == ref.number();
            if (tcp && named) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> slicePort(EndpointSlice slice, String portName) {
        if (slice.getPorts() == null) {
            return Optional.empty();
        }
        for (EndpointPort port : slice.getPorts()) {
            String name = port.getName() == null ? "" : port.getName();
            boolean tcp = port.getProtocol() == null || "TCP".equals(port.getProtocol());
            if (tcp && name.equals(portName) && port.getPort() != null) {
                return Optional.of(port.getPort());
            }
        }
        return Optional.empty();
    }

    /** A nil ready condition means ready (EndpointConditions.ready); terminating ones are not. */
    private static boolean isReady(Endpoint endpoint) {
        return endpoint.getConditions() == null
                || !Objects.equals(Boolean.FALSE, endpoint.getConditions().getReady());
    }

    /** Only IP literals: an EndpointSlice of type FQDN names hosts the proxy does not resolve. */
    private static Optional<InetAddress> literal(String address) {
        if (address == null
                || address.isEmpty()
                || (!address.contains(":") && !address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
