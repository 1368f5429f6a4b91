package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.controllermanager.serviceendpoints.ServiceMembership;
import io.skiff.model.selector.LabelSelector;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Endpoints controller's workers, run only while this controller manager leads. Each start
 * syncs every Service, and every Endpoints object too (checkLeftoverEndpoints), so that Endpoints
 * whose Service went while no one led are deleted.
 */
public final class EndpointsController implements LeaderWork {

    /** The name kube-controller-manager gives this controller's events. */
    public static final String NAME = "endpoint-controller";

    /** Endpoints carrying this annotation are old-style leader-election locks, never leftovers. */
    static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

    private final LeaderControllerLoop loop;

    EndpointsController(
            SharedIndexInformer<Service> services,
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Endpoints> endpoints,
            EndpointsSync sync,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                "endpoint",
                sync,
                List.of(services, pods, endpoints),
                () -> initialKeys(services, endpoints),
                registry,
                workers);
        EndpointsEventHandlers handlers =
                new EndpointsEventHandlers(new ServiceMembership(services.lister()), loop::enqueue);
        services.addEventHandler(handlers.forServices());
        pods.addEventHandler(handlers.forPods());
        endpoints.addEventHandler(handlers.forEndpoints());
    }

    private static Set<String> initialKeys(
            SharedIndexInformer<Service> services, SharedIndexInformer<Endpoints> endpoints) {
        Set<String> keys = new LinkedHashSet<>();
        services.lister().list(LabelSelector.everything()).forEach(s -> keys.add(ObjectKeys.keyOf(s)));
        for (Endpoints leftover : endpoints.lister().list(LabelSelector.everything())) {
            if (leftover.getMetadata().getAnnotations() == null
                    || !leftover.getMetadata().getAnnotations().containsKey(LEADER_ANNOTATION)) {
                keys.add(ObjectKeys.keyOf(leftover));
            }
        }
        return keys;
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
