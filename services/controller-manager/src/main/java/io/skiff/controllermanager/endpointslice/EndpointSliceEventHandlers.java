package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.serviceendpoints.ServiceMembership;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns pod and EndpointSlice notifications into Service keys. A slice change queues its Service
 * unless it is this controller's own write coming back (the tracker knows), after a short delay
 * that lets bursts of slice changes settle into one sync.
 */
final class EndpointSliceEventHandlers {

    /** endpointSliceChangeMinSyncDelay. */
    static final Duration SLICE_CHANGE_DELAY = Duration.ofSeconds(1);

    private final ServiceMembership membership;
    private final EndpointSliceTracker tracker;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    EndpointSliceEventHandlers(
            ServiceMembership membership,
            EndpointSliceTracker tracker,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter) {
        this.membership = membership;
        this.tracker = tracker;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
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

    ResourceEventHandler<EndpointSlice> forSlices() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice slice) {
                if (SliceEndpoints.managedByController(slice) && tracker.shouldSync(slice)) {
                    queueServiceOf(slice);
                }
            }

            @Override
            public void onUpdate(EndpointSlice oldSlice, EndpointSlice newSlice) {
                if (!Objects.equals(serviceName(oldSlice), serviceName(newSlice))) {
                    // Someone moved the slice to another Service: both need a look.
                    queueServiceOf(newSlice);
                    queueServiceOf(oldSlice);
                    return;
                }
                boolean managedByChanged =
                        SliceEndpoints.managedByController(oldSlice) != SliceEndpoints.managedByController(newSlice);
                if (managedByChanged
                        || (SliceEndpoints.managedByController(newSlice) && tracker.shouldSync(newSlice))) {
                    queueServiceOf(newSlice);
                }
            }

            @Override
            public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
                if (SliceEndpoints.managedByController(slice) && tracker.has(slice) && !tracker.handleDeletion(slice)) {
                    // Not a deletion this controller made: put the endpoints back.
                    queueServiceOf(slice);
                }
            }
        };
    }

    private void queueServiceOf(EndpointSlice slice) {
        String service = serviceName(slice);
        if (service == null || service.isEmpty()) {
            return;
        }
        enqueueAfter.accept(ObjectKeys.key(slice.getMetadata().getNamespace(), service), SLICE_CHANGE_DELAY);
    }

    private static String serviceName(EndpointSlice slice) {
        return slice.getMetadata().getLabels() == null
                ? null
                : slice.getMetadata().getLabels().get(SliceEndpoints.LABEL_SERVICE_NAME);
    }
}
