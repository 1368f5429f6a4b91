package io.skiff.dns.cache;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.Indexer;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.dns.zone.ClusterState;
import io.skiff.dns.zone.IpAddresses;
import io.skiff.dns.zone.ServiceShape;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The zone's view of the informers' caches, with the indexes a query needs so that none scans every
 * object: EndpointSlices by their Service and by address, Services by cluster IP.
 */
public final class ClusterCache implements ClusterState {

    static final String SLICES_BY_SERVICE = "kubernetes.io/service-name";
    static final String SLICES_BY_ADDRESS = "endpoints.addresses";
    static final String SERVICES_BY_CLUSTER_IP = "spec.clusterIPs";

    private final Indexer<Service> services;
    private final Indexer<EndpointSlice> slices;
    private final Clock clock;
    private final AtomicLong serial;

    public ClusterCache(Indexer<Service> services, Indexer<EndpointSlice> slices, Clock clock) {
        this.services = services;
        this.slices = slices;
        this.clock = clock;
        this.serial = new AtomicLong(clock.instant().getEpochSecond());
        services.addIndexers(Map.of(SERVICES_BY_CLUSTER_IP, ClusterCache::clusterIps));
        slices.addIndexers(Map.of(
                SLICES_BY_SERVICE, ClusterCache::serviceKey,
                SLICES_BY_ADDRESS, ClusterCache::addresses));
    }

    /** Notes a change, for the SOA serial. */
    public void changed() {
        serial.set(clock.instant().getEpochSecond());
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return services.getByKey(ObjectKeys.key(namespace, name));
    }

    @Override
    public boolean hasServices(String namespace) {
        return !services.indexKeys(Indexers.NAMESPACE, namespace).isEmpty();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return slices.byIndex(SLICES_BY_SERVICE, ObjectKeys.key(namespace, serviceName));
    }

    @Override
    public List<Service> servicesWithClusterIp(InetAddress address) {
        return services.byIndex(SERVICES_BY_CLUSTER_IP, address.getHostAddress());
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(InetAddress address) {
        return slices.byIndex(SLICES_BY_ADDRESS, address.getHostAddress());
    }

    @Override
    public long serial() {
        return serial.get();
    }

    public int serviceCount() {
        return services.size();
    }

    public int endpointSliceCount() {
        return slices.size();
    }

    private static Collection<String> clusterIps(Service service) {
        if (service.getSpec() == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (InetAddress address : ServiceShape.clusterIps(service)) {
            keys.add(address.getHostAddress());
        }
        return keys;
    }

    private static Collection<String> serviceKey(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(ServiceShape.SERVICE_NAME_LABEL);
        return service == null || service.isEmpty()
                ? List.of()
                : List.of(ObjectKeys.key(slice.getMetadata().getNamespace(), service));
    }

    private static Collection<String> addresses(EndpointSlice slice) {
        if (slice.getEndpoints() == null) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Endpoint endpoint : slice.getEndpoints()) {
            if (endpoint.getAddresses() != null) {
                for (String ip : endpoint.getAddresses()) {
                    IpAddresses.parse(ip).ifPresent(address -> keys.add(address.getHostAddress()));
                }
            }
        }
        return keys;
    }
}
