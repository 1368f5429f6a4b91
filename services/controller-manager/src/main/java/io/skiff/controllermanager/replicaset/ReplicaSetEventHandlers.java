package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerResolver;
import io.skiff.controllermanager.pods.ActivePods;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns ReplicaSet and pod notifications into ReplicaSet keys (replica_set.go's add/update/delete
 * handlers), recording on the way which of the controller's expected creations and deletions the
 * informer has now observed. No API calls and no syncing happen here.
 */
final class ReplicaSetEventHandlers {

    private final OwnerResolver<ReplicaSet> owners;
    private final Expectations expectations;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    ReplicaSetEventHandlers(
            ReplicaSetView replicaSets,
            Expectations expectations,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter) {
        this.owners = new OwnerResolver<>(
                replicaSets::get,
                replicaSets::list,
                replicaSets::isOwnerKind,
                replicaSet -> replicaSet.getSpec().getSelector());
        this.expectations = expectations;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<ReplicaSet> forReplicaSets() {
        return ResourceEventHandler.of(
                this::enqueue, (oldReplicaSet, newReplicaSet) -> enqueue(newReplicaSet), this::replicaSetDeleted);
    }

    ResourceEventHandler<Pod> forPods() {
        return ResourceEventHandler.of(this::podAdded, this::podUpdated, this::podDeleted);
    }

    void replicaSetDeleted(ReplicaSet replicaSet) {
        String key = ObjectKeys.keyOf(replicaSet);
        expectations.forget(key);
        enqueue.accept(key);
    }

    void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A controller restarting sees pods already being deleted: they count as deletions.
            podDeleted(pod);
            return;
        }
        owners.added(
                pod,
                replicaSet -> {
                    String key = ObjectKeys.keyOf(replicaSet);
                    expectations.creationObserved(key);
                    enqueue.accept(key);
                },
                this::enqueue);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (OwnerResolver.isResync(oldPod, newPod)) {
            // Nothing changed, and every ReplicaSet is resynced on its own.
            return;
        }
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // Graceful deletion: act now rather than when the kubelet finishes, and tell the old owner
            // too when the labels moved the pod away from it.
            podDeleted(newPod);
            if (!Objects.equals(
                    oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
                podDeleted(oldPod);
            }
            return;
        }
        owners.updated(
                oldPod,
                newPod,
                this::enqueue,
                replicaSet -> {
                    String key = ObjectKeys.keyOf(replicaSet);
                    enqueue.accept(key);
                    ActivePods.availabilityRecheck(
                                    oldPod, newPod, replicaSet.getSpec().getMinReadySeconds())
                            .ifPresent(delay -> enqueueAfter.accept(key, delay));
                },
                this::enqueue);
    }

    void podDeleted(Pod pod) {
        owners.controllerOf(pod).ifPresent(replicaSet -> {
            String key = ObjectKeys.keyOf(replicaSet);
            expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
            enqueue.accept(key);
        });
    }

    private void enqueue(ReplicaSet replicaSet) {
        enqueue.accept(ObjectKeys.keyOf(replicaSet));
    }
}
