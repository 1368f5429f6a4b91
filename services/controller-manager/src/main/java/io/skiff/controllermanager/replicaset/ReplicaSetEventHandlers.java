package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns ReplicaSet and pod notifications into ReplicaSet keys (replica_set.go's add/update/delete
 * handlers), recording on the way which of the controller's expected creations and deletions the
 * informer has now observed. No API calls and no syncing happen here.
 */
final class ReplicaSetEventHandlers {

    private final ReplicaSetView replicaSets;
    private final Expectations expectations;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;

    ReplicaSetEventHandlers(
            ReplicaSetView replicaSets,
            Expectations expectations,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter) {
        this.replicaSets = replicaSets;
        this.expectations = expectations;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
    }

    ResourceEventHandler<ReplicaSet> forReplicaSets() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet replicaSet) {
                enqueue.accept(ObjectKeys.keyOf(replicaSet));
            }

            @Override
            public void onUpdate(ReplicaSet oldReplicaSet, ReplicaSet newReplicaSet) {
                enqueue.accept(ObjectKeys.keyOf(newReplicaSet));
            }

            @Override
            public void onDelete(ReplicaSet replicaSet, boolean finalStateUnknown) {
                String key = ObjectKeys.keyOf(replicaSet);
                expectations.forget(key);
                enqueue.accept(key);
            }
        };
    }

    ResourceEventHandler<Pod> forPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podAdded(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podUpdated(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podDeleted(pod);
            }
        };
    }

    void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A controller restarting sees pods already being deleted: they count as deletions.
            podDeleted(pod);
            return;
        }
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isPresent()) {
            owner(pod, controller.get()).ifPresent(replicaSet -> {
                String key = ObjectKeys.keyOf(replicaSet);
                expectations.creationObserved(key);
                enqueue.accept(key);
            });
            return;
        }
        enqueueMatching(pod);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (Objects.equals(
                oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            // A resync: nothing changed, and every ReplicaSet is resynced on its own.
            return;
        }
        boolean labelsChanged = !Objects.equals(
                oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // Graceful deletion: act now rather than when the kubelet finishes, and tell the old owner
            // too when the labels moved the pod away from it.
            podDeleted(newPod);
            if (labelsChanged) {
                podDeleted(oldPod);
            }
            return;
        }
        Optional<OwnerReference> oldController = OwnerReferences.controllerOf(oldPod);
        Optional<OwnerReference> newController = OwnerReferences.controllerOf(newPod);
        boolean controllerChanged =
                !Objects.equals(oldController.map(OwnerReference::getUid), newController.map(OwnerReference::getUid));
        if (controllerChanged && oldController.isPresent()) {
            owner(oldPod, oldController.get()).ifPresent(rs -> enqueue.accept(ObjectKeys.keyOf(rs)));
        }
        if (newController.isPresent()) {
            owner(newPod, newController.get()).ifPresent(replicaSet -> {
                String key = ObjectKeys.keyOf(replicaSet);
                enqueue.accept(key);
                int minReadySeconds =
                        ReplicaSetStatuses.orZero(replicaSet.getSpec().getMinReadySeconds());
                if (!ActivePods.isReady(oldPod) && ActivePods.isReady(newPod) && minReadySeconds > 0) {
                    // Available only minReadySeconds after ready: look again then.
                    enqueueAfter.accept(key, Duration.ofSeconds(minReadySeconds).plusSeconds(1));
                }
            });
            return;
        }
        if (labelsChanged || controllerChanged) {
            enqueueMatching(newPod);
        }
    }

    void podDeleted(Pod pod) {
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isEmpty()) {
            return;
        }
        owner(pod, controller.get()).ifPresent(replicaSet -> {
            String key = ObjectKeys.keyOf(replicaSet);
            expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
            enqueue.accept(key);
        });
    }

    /** The cached ReplicaSet a controller reference points to, if it is one and still the same object. */
    private Optional<ReplicaSet> owner(Pod pod, OwnerReference controller) {
        if (!replicaSets.isOwnerKind(controller)) {
            return Optional.empty();
        }
        return replicaSets
                .get(pod.getMetadata().getNamespace(), controller.getName())
                .filter(rs -> Objects.equals(rs.getMetadata().getUid(), controller.getUid()));
    }

    /** An orphan: every ReplicaSet whose selector matches it may want to adopt it. */
    private void enqueueMatching(Pod pod) {
        if (pod.getMetadata().getLabels() == null
                || pod.getMetadata().getLabels().isEmpty()) {
            return;
        }
        for (ReplicaSet replicaSet : replicaSets.list(pod.getMetadata().getNamespace())) {
            LabelSelector selector = LabelSelector.fromApi(replicaSet.getSpec().getSelector());
            if (!selector.isEverything() && selector.matches(pod.getMetadata().getLabels())) {
                enqueue.accept(ObjectKeys.keyOf(replicaSet));
            }
        }
    }
}
