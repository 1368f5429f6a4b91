package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.serviceendpoints.ServiceMembership;
import java.util.function.Consumer;

/**
 * Turns Service, pod and Endpoints notifications into Service keys: a Service change queues
 * itself, a pod change the Services it is (or was) selected by, a deleted Endpoints its Service so
 * that it is recreated if still wanted.
 */
final class EndpointsEventHandlers {

    private final ServiceMembership membership;
    private final Consumer<String> enqueue;

    EndpointsEventHandlers(ServiceMembership membership, Consumer<String> enqueue) {
        this.membership = membership;
        this.enqueue = enqueue;
    }

    ResourceEventHandler<Service> forServices() {
        return ResourceEventHandler.enqueueingKeys(enqueue);
    }

    ResourceEventHandler<Pod> forPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                membership.of(pod).forEach(enqueue);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                membership.toUpdateOnChange(oldPod, newPod).forEach(enqueue);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                membership.of(pod).forEach(enqueue);
            }
        };
    }

    ResourceEventHandler<Endpoints> forEndpoints() {
        return new ResourceEventHandler<>() {
            @Override
            public void onDelete(Endpoints endpoints, boolean finalStateUnknown) {
                enqueue.accept(ObjectKeys.keyOf(endpoints));
            }
        };
    }
}
