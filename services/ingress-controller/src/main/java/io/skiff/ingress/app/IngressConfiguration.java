package io.skiff.ingress.app;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.runtime.ComponentRuntimeConfiguration;
import io.skiff.ingress.snapshot.ProxySnapshot;
import io.skiff.ingress.snapshot.SnapshotBuilder;
import io.skiff.ingress.snapshot.SnapshotHolder;
import io.skiff.ingress.snapshot.SnapshotRebuilder;
import io.skiff.ingress.status.PublishedAddresses;
import io.skiff.ingress.status.StatusPublisher;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingress controller assembled: informers for Ingresses, IngressClasses, Services,
 * EndpointSlices, Secrets and Nodes; any change flags a snapshot rebuild; each new snapshot is
 * swapped in for the proxy and asks the status publisher to catch up. Every replica serves (no
 * leader election): the caches make each one complete.
 */
@Configuration(proxyBeanMethods = false)
@Import(ComponentRuntimeConfiguration.class)
@EnableConfigurationProperties(IngressProperties.class)
class IngressConfiguration {

    @Bean
    SharedIndexInformer<Ingress> ingressInformer(SharedInformerFactory informers) {
        return informers.informerFor(Ingress.class);
    }

    @Bean
    SharedIndexInformer<IngressClass> ingressClassInformer(SharedInformerFactory informers) {
        return informers.informerFor(IngressClass.class);
    }

    @Bean
    SharedIndexInformer<Service> serviceInformer(SharedInformerFactory informers) {
        return informers.informerFor(Service.class);
    }

    @Bean
    SharedIndexInformer<EndpointSlice> endpointSliceInformer(SharedInformerFactory informers) {
        return informers.informerFor(EndpointSlice.class);
    }

    @Bean
    SharedIndexInformer<Secret> secretInformer(SharedInformerFactory informers) {
        return informers.informerFor(Secret.class);
    }

    @Bean
    SharedIndexInformer<Node> nodeInformer(SharedInformerFactory informers) {
        return informers.informerFor(Node.class);
    }

    @Bean
    SnapshotHolder snapshotHolder() {
        return new SnapshotHolder();
    }

    @Bean(destroyMethod = "close")
    StatusPublisher statusPublisher(
            KubeClient client,
            IngressProperties properties,
            SnapshotHolder snapshots,
            SharedIndexInformer<Ingress> ingresses,
            SharedIndexInformer<Node> nodes) {
        StatusPublisher publisher = new StatusPublisher(
                client.resources(Ingress.class),
                () -> ingresses.getIndexer().list(),
                () -> new HashSet<>(snapshots.current().served()),
                () -> PublishedAddresses.of(
                        properties.publishAddresses(),
                        Optional.ofNullable(properties.nodeName())
                                .flatMap(name -> nodes.getIndexer().getByKey(name))));
        nodes.addEventHandler(onAnyChange(publisher::trigger));
        return publisher;
    }

    @Bean(destroyMethod = "close")
    SnapshotRebuilder snapshotRebuilder(
            IngressProperties properties,
            SnapshotHolder snapshots,
            StatusPublisher status,
            SharedIndexInformer<Ingress> ingresses,
            SharedIndexInformer<IngressClass> classes,
            SharedIndexInformer<Service> services,
            SharedIndexInformer<EndpointSlice> slices,
            SharedIndexInformer<Secret> secrets) {
        InformerClusterView view = new InformerClusterView(
                ingresses.getIndexer(),
                classes.getIndexer(),
                services.getIndexer(),
                slices.getIndexer(),
                secrets.getIndexer());
        Consumer<ProxySnapshot> publishStatus = snapshot -> status.trigger();
        SnapshotRebuilder rebuilder = new SnapshotRebuilder(
                view, new SnapshotBuilder(properties.controller()), snapshots, List.of(publishStatus));
        ingresses.addEventHandler(onAnyChange(rebuilder::changed));
        classes.addEventHandler(onAnyChange(rebuilder::changed));
        services.addEventHandler(onAnyChange(rebuilder::changed));
        slices.addEventHandler(onAnyChange(rebuilder::changed));
        secrets.addEventHandler(onAnyChange(rebuilder::changed));
        return rebuilder;
    }

    @Bean
    IngressMetrics ingressMetrics(ObjectProvider<MeterRegistry> registry, SnapshotHolder snapshots) {
        return new IngressMetrics(registry.getIfAvailable(CompositeMeterRegistry::new), snapshots);
    }

    @Bean
    IngressServing ingressServing(
            IngressProperties properties,
            SharedInformerFactory informers,
            SharedIndexInformer<IngressClass> classes,
            KubeClient client,
            SnapshotHolder snapshots,
            SnapshotRebuilder rebuilder,
            IngressMetrics metrics) {
        return new IngressServing(
                properties, informers, classes, client.resources(IngressClass.class), snapshots, rebuilder, metrics);
    }

    @Bean
    IngressHealthIndicator ingressHealthIndicator(IngressServing serving, SnapshotHolder snapshots) {
        return new IngressHealthIndicator(serving, snapshots);
    }

    /** Handlers only flag: the rebuild reads the caches itself, on its own thread. */
    private static <T> ResourceEventHandler<T> onAnyChange(Runnable changed) {
        return ResourceEventHandler.of(
                added -> changed.run(), (old, updated) -> changed.run(), deleted -> changed.run());
    }
}
