package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.serviceendpoints.TriggerTimeTracker;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The EndpointSlice controller: informers on Services, pods, EndpointSlices and nodes (for zones),
 * and its workers as leader work. Off with {@code skiff.controllers.endpointslice.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.endpointslice.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EndpointSliceProperties.class)
class EndpointSliceControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    EndpointSliceController endpointSliceController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            EndpointSliceProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<EndpointSlice> slices = informers.informerFor(EndpointSlice.class);
        SharedIndexInformer<Node> nodes = informers.informerFor(Node.class);
        EndpointSliceTracker tracker = new EndpointSliceTracker();
        SliceReconciler reconciler = new SliceReconciler(
                nodes.lister(),
                new ClientEndpointSliceWriter(client),
                tracker,
                properties.maxEndpointsPerSlice(),
                CALL_TIMEOUT);
        EndpointSliceSync sync = new EndpointSliceSync(
                services.lister(),
                pods.lister(),
                slices.lister(),
                reconciler,
                tracker,
                new TriggerTimeTracker(),
                events.newRecorder(EventOrigin.of(EndpointSliceController.NAME, "")));
        return new EndpointSliceController(
                services,
                pods,
                slices,
                nodes,
                sync,
                tracker,
                registry.getIfAvailable(CompositeMeterRegistry::new),
                properties.workers());
    }
}
