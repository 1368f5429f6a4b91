package io.skiff.proxy.app;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.sync.SyncObserver;

/**
 * Turns informer notifications into tracked changes and a sync request; a notification that
 * changes nothing the proxy programs (a resync, a label) asks for nothing.
 */
final class ProxyEventHandlers {

    private final ServiceChangeTracker tracker;
    private final Runnable requestSync;
    private final SyncObserver observer;

    ProxyEventHandlers(ServiceChangeTracker tracker, Runnable requestSync, SyncObserver observer) {
        this.tracker = tracker;
        this.requestSync = requestSync;
        this.observer = observer;
    }

    ResourceEventHandler<Service> services() {
        return ResourceEventHandler.of(
                service -> changed(tracker.serviceUpdated(service)),
                (old, service) -> changed(tracker.serviceUpdated(service)),
                service -> changed(tracker.serviceDeleted(service)));
    }

    ResourceEventHandler<EndpointSlice> endpointSlices() {
        return ResourceEventHandler.of(
                slice -> changed(tracker.sliceUpdated(slice)),
                (old, slice) -> changed(tracker.sliceUpdated(slice)),
                slice -> changed(tracker.sliceDeleted(slice)));
    }

    private void changed(boolean changed) {
        if (changed) {
            observer.queued();
            requestSync.run();
        }
    }
}
