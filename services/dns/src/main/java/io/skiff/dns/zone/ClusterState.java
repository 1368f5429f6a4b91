package io.skiff.dns.zone;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the zone reads to answer: the cluster's Services and EndpointSlices, as the informers last
 * saw them. Objects are shared with the caches: never modify them.
 */
public interface ClusterState {

    Optional<Service> service(String namespace, String name);

    /** Whether {@code namespace} holds at least one Service (its name then exists in the zone). */
    boolean hasServices(String namespace);

    /** The EndpointSlices labelled {@code kubernetes.io/service-name=<name>} in {@code namespace}. */
    List<EndpointSlice> endpointSlices(String namespace, String serviceName);

    /** The Services whose spec.clusterIPs hold {@code address}. */
    List<Service> servicesWithClusterIp(InetAddress address);

    /** The EndpointSlices with an endpoint at {@code address}. */
    List<EndpointSlice> endpointSlicesWithAddress(InetAddress address);

    /** The SOA serial: the time of the last change seen, in seconds since the epoch, as CoreDNS's. */
    long serial();
}
