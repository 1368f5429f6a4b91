package io.skiff.dns.app;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.SharedIndexInformer;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The "dns" health contributor: UP once the server listens and both caches hold their first list
 * (CoreDNS's ready plugin waits for the kubernetes plugin likewise).
 */
final class DnsHealthIndicator implements HealthIndicator {

    private final DnsServing serving;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;

    DnsHealthIndicator(
            DnsServing serving, SharedIndexInformer<Service> services, SharedIndexInformer<EndpointSlice> slices) {
        this.serving = serving;
        this.services = services;
        this.slices = slices;
    }

    @Override
    public Health health() {
        List<InetSocketAddress> addresses = serving.addresses();
        boolean synced = services.hasSynced() && slices.hasSynced();
        Health.Builder health = addresses.isEmpty() || !synced ? Health.down() : Health.up();
        return health.withDetail(
                        "listening",
                        addresses.stream().map(InetSocketAddress::toString).toList())
                .withDetail("cachesSynced", synced)
                .withDetail("services", services.getIndexer().size())
                .withDetail("endpointSlices", slices.getIndexer().size())
                .build();
    }
}
