package io.skiff.controllermanager.servicelb;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * The load-balancer controller's workers, run only while this controller manager leads. A Service
 * change queues that Service; a node change that can move its load-balancer address (readiness,
 * schedulability, addresses, the node coming or going) queues every LoadBalancer Service.
 */
public final class ServiceLbController implements LeaderWork {

    /** The name kube-controller-manager gives its load-balancer controller, this queue's name. */
    public static final String NAME = "service-lb-controller";

    /** The event source of Kubernetes' service controller. */
    static final String EVENT_SOURCE = "service-controller";

    private final LeaderControllerLoop loop;
    private final SharedIndexInformer<Service> services;

    ServiceLbController(
            SharedIndexInformer<Service> services,
            SharedIndexInformer<Node> nodes,
            ServiceLbSync sync,
            MeterRegistry registry,
            int workers) {
        this.services = services;
        this.loop =
                new LeaderControllerLoop(NAME, sync, List.of(services, nodes), this::serviceKeys, registry, workers);
        services.addEventHandler(ResourceEventHandler.enqueueingKeys(loop::enqueue));
        nodes.addEventHandler(ResourceEventHandler.of(
                node -> requeueAll(),
                (oldNode, newNode) -> {
                    if (addressChanged(oldNode, newNode)) {
                        requeueAll();
                    }
                },
                node -> requeueAll()));
    }

    /** Whether a node update can change what it contributes to load balancers. */
    static boolean addressChanged(Node oldNode, Node newNode) {
        return LoadBalancerAddresses.eligible(oldNode) != LoadBalancerAddresses.eligible(newNode)
                || !Objects.equals(LoadBalancerAddresses.address(oldNode), LoadBalancerAddresses.address(newNode));
    }

    private void requeueAll() {
        serviceKeys().forEach(loop::enqueue);
    }

    /** Every Service that has or wants a load balancer (one whose type changed away still has one). */
    private List<String> serviceKeys() {
        return services.lister().list(LabelSelector.everything()).stream()
                .filter(s -> ServiceLbSync.wantsLoadBalancer(s)
                        || (s.getStatus() != null
                                && s.getStatus().getLoadBalancer() != null
                                && s.getStatus().getLoadBalancer().getIngress() != null
                                && !s.getStatus().getLoadBalancer().getIngress().isEmpty()))
                .map(ObjectKeys::keyOf)
                .toList();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
