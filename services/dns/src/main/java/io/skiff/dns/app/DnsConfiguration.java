package io.skiff.dns.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.runtime.ComponentRuntimeConfiguration;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.server.Forwarder;
import io.skiff.dns.server.QueryHandler;
import io.skiff.dns.zone.ClusterZone;
import io.skiff.dns.zone.IpAddresses;
import io.skiff.dns.zone.ZoneSettings;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The cluster DNS assembled: Service and EndpointSlice informers fill the caches the zone answers
 * from; the server answers UDP and TCP; the publisher keeps the kube-dns Service pointing here.
 * Every replica serves (no leader election): the caches make each one complete.
 */
@Configuration(proxyBeanMethods = false)
@Import(ComponentRuntimeConfiguration.class)
@EnableConfigurationProperties(DnsProperties.class)
class DnsConfiguration {

    @Bean
    SharedIndexInformer<Service> serviceInformer(SharedInformerFactory informers) {
        return informers.informerFor(Service.class);
    }

    @Bean
    SharedIndexInformer<EndpointSlice> endpointSliceInformer(SharedInformerFactory informers) {
        return informers.informerFor(EndpointSlice.class);
    }

    @Bean
    ClusterCache clusterCache(SharedIndexInformer<Service> services, SharedIndexInformer<EndpointSlice> slices) {
        ClusterCache cache = new ClusterCache(services.getIndexer(), slices.getIndexer(), Clock.systemUTC());
        services.addEventHandler(changesOf(cache));
        slices.addEventHandler(changesOf(cache));
        return cache;
    }

    @Bean
    ClusterZone clusterZone(DnsProperties properties, ClusterCache cache) {
        return new ClusterZone(
                ZoneSettings.of(
                        properties.clusterDomain(), properties.ttl(), IpAddresses.parse(properties.clusterIp())),
                cache);
    }

    @Bean
    QueryHandler queryHandler(DnsProperties properties, ClusterZone zone) {
        Optional<Forwarder> forwarder = properties.upstreamServers().isEmpty()
                ? Optional.empty()
                : Optional.of(
                        new Forwarder(Upstreams.parse(properties.upstreamServers()), properties.upstreamTimeout()));
        return new QueryHandler(zone, forwarder);
    }

    @Bean
    DnsMetrics dnsMetrics(ObjectProvider<MeterRegistry> registry, ClusterCache cache) {
        return new DnsMetrics(registry.getIfAvailable(CompositeMeterRegistry::new), cache);
    }

    @Bean
    DnsServing dnsServing(
            DnsProperties properties, QueryHandler handler, DnsMetrics metrics, SharedInformerFactory informers) {
        return new DnsServing(properties, handler, metrics, informers);
    }

    @Bean
    DnsHealthIndicator dnsHealthIndicator(
            DnsServing serving, SharedIndexInformer<Service> services, SharedIndexInformer<EndpointSlice> slices) {
        return new DnsHealthIndicator(serving, services, slices);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "skiff.dns.publish-service", matchIfMissing = true)
    KubeDnsPublisher kubeDnsPublisher(
            DnsProperties properties,
            KubeClient client,
            DnsServing serving,
            SharedIndexInformer<Service> services,
            SharedIndexInformer<EndpointSlice> slices) {
        KubeDnsPublisher publisher = new KubeDnsPublisher(
                client,
                properties.clusterIp(),
                () -> serving.port().map(port -> new KubeDnsPublisher.Endpoint(serving.podFacingAddress(), port)),
                properties.publishInterval());
        services.addEventHandler(onKubeDns(publisher, KubeDnsObjects.SERVICE));
        slices.addEventHandler(onKubeDns(publisher, KubeDnsObjects.SLICE));
        return publisher;
    }

    /**
     * Without skiff.dns.node-address, the node address comes from skiff.dns.node-name's podCIDR: the
     * server starts serving there and the kube-dns EndpointSlice is put right at once.
     */
    @Bean
    NodePodNetworkGateway nodePodNetworkGateway(
            DnsProperties properties,
            KubeClient client,
            DnsServing serving,
            ObjectProvider<KubeDnsPublisher> publisher) {
        Optional<String> nodeName =
                properties.nodeAddress() == null ? Optional.ofNullable(properties.nodeName()) : Optional.empty();
        return new NodePodNetworkGateway(
                client,
                nodeName,
                List.of(serving::nodeAddressFound, found -> publisher.ifAvailable(KubeDnsPublisher::trigger)));
    }

    /** Any change to the cache moves the SOA serial. */
    private static <T> ResourceEventHandler<T> changesOf(ClusterCache cache) {
        return ResourceEventHandler.of(
                added -> cache.changed(), (old, updated) -> cache.changed(), deleted -> cache.changed());
    }

    /** A change to one of the kube-dns objects (someone edited or deleted it) asks for a check. */
    private static <T extends HasMetadata> ResourceEventHandler<T> onKubeDns(KubeDnsPublisher publisher, String name) {
        return ResourceEventHandler.of(
                added -> {},
                (old, updated) -> triggerIfNamed(publisher, updated, name),
                deleted -> triggerIfNamed(publisher, deleted, name));
    }

    private static void triggerIfNamed(KubeDnsPublisher publisher, HasMetadata object, String name) {
        if (KubeDnsObjects.NAMESPACE.equals(object.getMetadata().getNamespace())
                && name.equals(object.getMetadata().getName())) {
            publisher.trigger();
        }
    }
}
