package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.queue.SchedulingQueue;

/**
 * Storage events (volumes, claims, storage classes) that could help pods VolumeBinding rejected:
 * the queue moves the unschedulable pods whose plugins registered for them.
 */
final class VolumeEventHandlers {

    private final SchedulingQueue queue;

    VolumeEventHandlers(SchedulingQueue queue) {
        this.queue = queue;
    }

    <T extends HasMetadata> ResourceEventHandler<T> on(EventResource resource) {
        ClusterEvent added = ClusterEvent.of(resource, ActionType.ADD);
        ClusterEvent updated = ClusterEvent.of(resource, ActionType.UPDATE_OTHER);
        ClusterEvent deleted = ClusterEvent.of(resource, ActionType.DELETE);
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                queue.moveAllToActiveOrBackoffQueue(added, null, object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                queue.moveAllToActiveOrBackoffQueue(updated, oldObject, newObject);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                queue.moveAllToActiveOrBackoffQueue(deleted, object, null);
            }
        };
    }
}
