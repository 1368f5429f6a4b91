package io.skiff.dns.zone;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The endpoint addresses DNS publishes for a Service: the ready ones (an unset ready condition
 * counts as ready, as the EndpointSlice API says), or all of them when the Service sets
 * publishNotReadyAddresses. Each carries its DNS hostname: the endpoint's hostname, or else its
 * address dashed, as CoreDNS names endpoints.
 */
final class ReadyEndpoints {

    /** One published address of an endpoint, with the slice it came from (for its ports). */
    record Address(EndpointSlice slice, String hostname, InetAddress address) {}

    private ReadyEndpoints() {}

    static List<Address> of(Service service, List<EndpointSlice> slices) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<Address> addresses = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (!publishNotReady && !isReady(endpoint.getConditions()) || endpoint.getAddresses() == null) {
                    continue;
                }
                for (String ip : endpoint.getAddresses()) {
                    Optional<InetAddress> address = IpAddresses.parse(ip);
                    String hostname = endpoint.getHostname() == null
                                    || endpoint.getHostname().isEmpty()
                            ? IpAddresses.dashed(ip)
                            : endpoint.getHostname().toLowerCase(java.util.Locale.ROOT);
                    if (address.isPresent()
                            && seen.add(hostname + "/" + ip + "/"
                                    + slice.getMetadata().getName())) {
                        addresses.add(new Address(slice, hostname, address.get()));
                    }
                }
            }
        }
        return addresses;
    }

    private static boolean isReady(EndpointConditions conditions) {
        return conditions == null || conditions.getReady() == null || conditions.getReady();
    }
}
