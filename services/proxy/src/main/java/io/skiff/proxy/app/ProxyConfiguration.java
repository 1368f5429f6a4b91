package io.skiff.proxy.app;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.runtime.ComponentRuntimeConfiguration;
import io.skiff.proxy.conntrack.ConntrackCleaner;
import io.skiff.proxy.healthcheck.ServiceHealthServer;
import io.skiff.proxy.iptables.CommandIptables;
import io.skiff.proxy.iptables.IptablesProxier;
import io.skiff.proxy.iptables.IptablesRules;
import io.skiff.proxy.nodenet.NodeNetwork;
import io.skiff.proxy.nodenet.NodeSetup;
import io.skiff.proxy.nodenet.ServiceRangeGuard;
import io.skiff.proxy.runner.BoundedFrequencyRunner;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.sync.Proxier;
import io.skiff.proxy.userspace.UserspaceProxier;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The proxy assembled: informers on Services and EndpointSlices feed the change tracker and ask
 * the bounded-frequency runner for a sync; the runner drives the mode's proxier; metrics and the
 * health check observe every sync.
 */
@Configuration(proxyBeanMethods = false)
@Import(ComponentRuntimeConfiguration.class)
@EnableConfigurationProperties(ProxyProperties.class)
class ProxyConfiguration {

    /** kube-proxy's burstSyncs: two syncs may follow each other at once before the minimum interval applies. */
    private static final int BURST_SYNCS = 2;

    @Bean
    Clock proxyClock() {
        return Clock.systemUTC();
    }

    @Bean
    ServiceChangeTracker serviceChangeTracker(Clock proxyClock) {
        return new ServiceChangeTracker(proxyClock);
    }

    @Bean
    NodeNetwork nodeNetwork(ProxyProperties properties) {
        return new NodeNetwork(properties.nodeNetworkNamespace(), properties.commandTimeout());
    }

    @Bean
    ServiceRangeGuard serviceRangeGuard(NodeNetwork nodeNetwork, ProxyProperties properties) {
        return new ServiceRangeGuard(nodeNetwork, properties.serviceDevice(), properties.serviceRange());
    }

    /** The "proxy" health contributor; kube-proxy's healthz times out at twice the sync period. */
    @Bean
    ProxyHealth proxyHealthIndicator(Clock proxyClock, ProxyProperties properties) {
        return new ProxyHealth(proxyClock, properties.syncPeriod().multipliedBy(2), properties.mode());
    }

    @Bean
    ProxyMetrics proxyMetrics(ObjectProvider<MeterRegistry> registry, Clock proxyClock, ProxyHealth health) {
        return new ProxyMetrics(registry.getIfAvailable(CompositeMeterRegistry::new), proxyClock, health);
    }

    @Bean
    SharedIndexInformer<Service> serviceInformer(SharedInformerFactory informers) {
        return informers.informerFor(Service.class);
    }

    @Bean
    SharedIndexInformer<EndpointSlice> endpointSliceInformer(SharedInformerFactory informers) {
        return informers.informerFor(EndpointSlice.class);
    }

    /** kube-proxy's service health server: the healthCheckNodePorts, in the node's network. */
    @Bean(destroyMethod = "close")
    ServiceHealthServer serviceHealthServer(ProxyProperties properties, ProxyHealth proxyHealthIndicator) {
        return new ServiceHealthServer(
                properties.nodeName(), properties.nodeNamespace(), proxyHealthIndicator::healthy);
    }

    @Bean(destroyMethod = "close")
    Proxier proxier(
            ProxyProperties properties,
            ServiceChangeTracker tracker,
            NodeNetwork nodeNetwork,
            ServiceRangeGuard guard,
            ProxyMetrics metrics,
            ServiceHealthServer serviceHealthServer,
            SharedIndexInformer<Service> serviceInformer,
            SharedIndexInformer<EndpointSlice> endpointSliceInformer) {
        BooleanSupplier initialized = () -> serviceInformer.hasSynced() && endpointSliceInformer.hasSynced();
        if (properties.iptablesMode()) {
            ConntrackCleaner conntrack = new ConntrackCleaner(nodeNetwork);
            return new IptablesProxier(
                    tracker,
                    new IptablesRules(
                            properties.clusterRange(),
                            properties.masqueradeAll(),
                            properties.nodeName(),
                            properties.nodeIp(),
                            properties.localhostNodePorts()),
                    new CommandIptables(nodeNetwork),
                    metrics,
                    initialized,
                    new NodeSetup(
                            nodeNetwork, guard, properties.bridgeNfCallIptables(), properties.localhostNodePorts()),
                    snapshot -> {
                        serviceHealthServer.sync(snapshot);
                        conntrack.afterSync(snapshot);
                    });
        }
        return new UserspaceProxier(
                properties.nodeName(),
                tracker,
                guard,
                properties.nodeNamespace(),
                properties.udpIdleTimeout(),
                metrics,
                initialized);
    }

    @Bean(destroyMethod = "close")
    BoundedFrequencyRunner syncRunner(Proxier proxier, ProxyProperties properties) {
        BoundedFrequencyRunner[] self = new BoundedFrequencyRunner[1];
        self[0] = new BoundedFrequencyRunner(
                "proxy-sync",
                () -> {
                    if (!proxier.sync()) {
                        // kube-proxy retries a failed sync after one sync period.
                        self[0].retryAfter(properties.syncPeriod());
                    }
                },
                properties.minSyncPeriod(),
                properties.syncPeriod(),
                BURST_SYNCS);
        return self[0];
    }

    @Bean
    ProxyEventHandlers proxyEventHandlers(
            ServiceChangeTracker tracker,
            BoundedFrequencyRunner syncRunner,
            ProxyMetrics metrics,
            SharedIndexInformer<Service> serviceInformer,
            SharedIndexInformer<EndpointSlice> endpointSliceInformer) {
        ProxyEventHandlers handlers = new ProxyEventHandlers(tracker, syncRunner::run, metrics);
        serviceInformer.addEventHandler(handlers.services());
        endpointSliceInformer.addEventHandler(handlers.endpointSlices());
        return handlers;
    }

    @Bean
    ProxyLifecycle proxyLifecycle(
            ProxyProperties properties, BoundedFrequencyRunner syncRunner, SharedInformerFactory informers) {
        return new ProxyLifecycle(properties, syncRunner, informers);
    }
}
