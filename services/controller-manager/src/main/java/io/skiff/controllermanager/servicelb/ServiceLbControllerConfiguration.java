package io.skiff.controllermanager.servicelb;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The built-in load-balancer controller (k3s's ServiceLB without its per-node pods: the proxy on
 * every node already handles traffic to a node's address on the Service's port). Off with {@code
 * skiff.controllers.service-lb.enabled=false}, e.g. when another load-balancer implementation runs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.service-lb.enabled", matchIfMissing = true)
class ServiceLbControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    /** kube-controller-manager's --concurrent-service-syncs. */
    private static final int WORKERS = 1;

    @Bean
    ServiceLbController serviceLbController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        SharedIndexInformer<Node> nodes = informers.informerFor(Node.class);
        ServiceLbSync sync = new ServiceLbSync(
                services.lister(),
                nodes.lister(),
                service -> client.resources(Service.class).updateStatus(service),
                events.newRecorder(EventOrigin.of(ServiceLbController.EVENT_SOURCE, "")),
                CALL_TIMEOUT);
        return new ServiceLbController(
                services, nodes, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
