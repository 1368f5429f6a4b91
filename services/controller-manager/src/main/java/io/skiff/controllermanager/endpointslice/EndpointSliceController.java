package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.controllermanager.serviceendpoints.ServiceMembership;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/** The EndpointSlice controller's workers, run only while this controller manager leads. */
public final class EndpointSliceController implements LeaderWork {

    /** The name kube-controller-manager gives this controller's events. */
    public static final String NAME = "endpoint-slice-controller";

    private final LeaderControllerLoop loop;

    EndpointSliceController(
            SharedIndexInformer<Service> services,
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<EndpointSlice> slices,
            SharedIndexInformer<Node> nodes,
            EndpointSliceSync sync,
            EndpointSliceTracker tracker,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                "endpoint_slice",
                sync,
                List.of(services, pods, slices, nodes),
                () -> services.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        EndpointSliceEventHandlers handlers = new EndpointSliceEventHandlers(
                new ServiceMembership(services.lister()), tracker, loop::enqueue, loop::enqueueAfter);
        services.addEventHandler(ResourceEventHandler.enqueueingKeys(loop::enqueue));
        pods.addEventHandler(handlers.forPods());
        slices.addEventHandler(handlers.forSlices());
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
