package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.serviceendpoints.ServiceEndpoints;
import io.skiff.controllermanager.serviceendpoints.TriggerTimeTracker;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sync of one Service's EndpointSlices (endpointslice_controller.go syncService): the selected
 * pods and the slices this controller manages for the Service, handed to the {@link
 * SliceReconciler} once the slice cache has caught up with this controller's own writes. Slices of
 * a deleted Service go with it (they are owned by it); a Service without a selector, or an
 * ExternalName, gets none from here.
 */
final class EndpointSliceSync implements Reconciler<String> {

    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<EndpointSlice> slices;
    private final SliceReconciler reconciler;
    private final EndpointSliceTracker tracker;
    private final TriggerTimeTracker triggerTimes;
    private final EventRecorder events;

    EndpointSliceSync(
            Lister<Service> services,
            Lister<Pod> pods,
            Lister<EndpointSlice> slices,
            SliceReconciler reconciler,
            EndpointSliceTracker tracker,
            TriggerTimeTracker triggerTimes,
            EventRecorder events) {
        this.services = services;
        this.pods = pods;
        this.slices = slices;
        this.reconciler = reconciler;
        this.tracker = tracker;
        this.triggerTimes = triggerTimes;
        this.events = events;
    }

    @Override
    public Result sync(String key) {
        String namespace = ObjectKeys.namespaceOf(key);
        Optional<Service> cached = services.get(namespace, ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            triggerTimes.forget(key);
            tracker.deleteService(key);
            return Result.done();
        }
        Service service = cached.get();
        if (!ServiceEndpoints.selectsPods(service)) {
            return Result.done();
        }
        List<Pod> selected =
                pods.list(namespace, LabelSelector.fromSet(service.getSpec().getSelector()));
        LabelSelector managed = LabelSelector.fromSet(Map.of(
                SliceEndpoints.LABEL_SERVICE_NAME,
                service.getMetadata().getName(),
                SliceEndpoints.LABEL_MANAGED_BY,
                SliceEndpoints.CONTROLLER_NAME));
        // Slices being deleted are on their way out; counting them would keep the controller stuck.
        List<EndpointSlice> existing = slices.list(namespace, managed).stream()
                .filter(slice -> slice.getMetadata().getDeletionTimestamp() == null)
                .toList();
        if (tracker.staleSlices(service, existing)) {
            throw new IllegalStateException("EndpointSlice informer cache is out of date");
        }
        TriggerTimeTracker.Observation observed = triggerTimes.observe(service, selected);
        try {
            reconciler.reconcile(service, selected, existing, observed.triggerTime());
        } catch (RuntimeException e) {
            events.event(
                    service,
                    EventType.WARNING,
                    "FailedToUpdateEndpointSlices",
                    "Error updating Endpoint Slices for Service %s/%s: %s",
                    namespace,
                    service.getMetadata().getName(),
                    e.getMessage());
            throw e;
        }
        triggerTimes.remember(observed);
        return Result.done();
    }
}
