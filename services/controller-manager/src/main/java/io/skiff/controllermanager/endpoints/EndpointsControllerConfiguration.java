package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Endpoints controller: informers on Services, pods and Endpoints (shared with the other
 * controllers) and its workers as leader work. Off with {@code
 * skiff.controllers.endpoints.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.endpoints.enabled", matchIfMissing = true)
class EndpointsControllerConfiguration {

    /** kube-controller-manager's --concurrent-endpoint-syncs default. */
    private static final int WORKERS = 5;

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    EndpointsController endpointsController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<Endpoints> endpoints = informers.informerFor(Endpoints.class);
        EndpointsSync sync = new EndpointsSync(
                services.lister(),
                pods.lister(),
                endpoints.lister(),
                new ClientEndpointsWriter(client),
                events.newRecorder(EventOrigin.of(EndpointsController.NAME, "")),
                new TriggerTimeTracker(),
                CALL_TIMEOUT);
        return new EndpointsController(
                services, pods, endpoints, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
