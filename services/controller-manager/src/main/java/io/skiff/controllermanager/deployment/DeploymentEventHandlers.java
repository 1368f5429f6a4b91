package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.selector.LabelSelector;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns Deployment, ReplicaSet and pod notifications into Deployment keys (deployment_controller.go's
 * handlers): a ReplicaSet wakes its controlling Deployment, or, as an orphan, every Deployment that
 * selects it; a pod's deletion wakes a Recreate Deployment once none of its pods is left. No API
 * calls and no syncing happen here.
 */
final class DeploymentEventHandlers {

    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final Consumer<String> enqueue;

    DeploymentEventHandlers(
            Lister<Deployment> deployments,
            Lister<ReplicaSet> replicaSets,
            Lister<Pod> pods,
            Consumer<String> enqueue) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.enqueue = enqueue;
    }

    ResourceEventHandler<Deployment> forDeployments() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                enqueue.accept(ObjectKeys.keyOf(deployment));
            }

            @Override
            public void onUpdate(Deployment oldDeployment, Deployment newDeployment) {
                enqueue.accept(ObjectKeys.keyOf(newDeployment));
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                enqueue.accept(ObjectKeys.keyOf(deployment));
            }
        };
    }

    ResourceEventHandler<ReplicaSet> forReplicaSets() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet replicaSet) {
                replicaSetAdded(replicaSet);
            }

            @Override
            public void onUpdate(ReplicaSet oldReplicaSet, ReplicaSet newReplicaSet) {
                replicaSetUpdated(oldReplicaSet, newReplicaSet);
            }

            @Override
            public void onDelete(ReplicaSet replicaSet, boolean finalStateUnknown) {
                replicaSetDeleted(replicaSet);
            }
        };
    }

    ResourceEventHandler<Pod> forPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podDeleted(pod);
            }
        };
    }

    void replicaSetAdded(ReplicaSet replicaSet) {
        if (replicaSet.getMetadata().getDeletionTimestamp() != null) {
            // A restarted controller manager meets sets already being deleted.
            replicaSetDeleted(replicaSet);
            return;
        }
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(replicaSet);
        if (controller.isPresent()) {
            resolve(replicaSet.getMetadata().getNamespace(), controller.get()).ifPresent(this::enqueue);
            return;
        }
        enqueueSelecting(replicaSet);
    }

    void replicaSetUpdated(ReplicaSet oldReplicaSet, ReplicaSet newReplicaSet) {
        if (Objects.equals(
                oldReplicaSet.getMetadata().getResourceVersion(),
                newReplicaSet.getMetadata().getResourceVersion())) {
            // A resync: nothing changed, and every Deployment is resynced on its own.
            return;
        }
        Optional<OwnerReference> oldController = OwnerReferences.controllerOf(oldReplicaSet);
        Optional<OwnerReference> newController = OwnerReferences.controllerOf(newReplicaSet);
        boolean controllerChanged = !Objects.equals(oldController, newController);
        if (controllerChanged && oldController.isPresent()) {
            resolve(oldReplicaSet.getMetadata().getNamespace(), oldController.get())
                    .ifPresent(this::enqueue);
        }
        if (newController.isPresent()) {
            resolve(newReplicaSet.getMetadata().getNamespace(), newController.get())
                    .ifPresent(this::enqueue);
            return;
        }
        boolean labelsChanged = !Objects.equals(
                oldReplicaSet.getMetadata().getLabels(),
                newReplicaSet.getMetadata().getLabels());
        if (labelsChanged || controllerChanged) {
            enqueueSelecting(newReplicaSet);
        }
    }

    void replicaSetDeleted(ReplicaSet replicaSet) {
        OwnerReferences.controllerOf(replicaSet)
                .flatMap(controller -> resolve(replicaSet.getMetadata().getNamespace(), controller))
                .ifPresent(this::enqueue);
    }

    /**
     * Only Recreate cares about pods, and only about the last one of a Deployment going away: then
     * the new ReplicaSet may start.
     */
    void podDeleted(Pod pod) {
        Optional<Deployment> deployment = deploymentOf(pod);
        if (deployment.isEmpty() || !RollingParameters.isRecreate(deployment.get())) {
            return;
        }
        LabelSelector selector =
                LabelSelector.fromApi(deployment.get().getSpec().getSelector());
        String uid = deployment.get().getMetadata().getUid();
        for (Pod remaining : pods.list(pod.getMetadata().getNamespace(), selector)) {
            Optional<OwnerReference> owner = OwnerReferences.controllerOf(remaining);
            if (owner.isPresent() && ownedSetOf(remaining, owner.get(), uid)) {
                return;
            }
        }
        enqueue(deployment.get());
    }

    private boolean ownedSetOf(Pod pod, OwnerReference owner, String deploymentUid) {
        return replicaSets
                .get(pod.getMetadata().getNamespace(), owner.getName())
                .filter(rs -> Objects.equals(rs.getMetadata().getUid(), owner.getUid()))
                .filter(rs -> OwnerReferences.isControlledBy(rs, deploymentUid))
                .isPresent();
    }

    private Optional<Deployment> deploymentOf(Pod pod) {
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isEmpty() || !"ReplicaSet".equals(controller.get().getKind())) {
            return Optional.empty();
        }
        return replicaSets
                .get(pod.getMetadata().getNamespace(), controller.get().getName())
                .filter(rs -> Objects.equals(
                        rs.getMetadata().getUid(), controller.get().getUid()))
                .flatMap(rs -> OwnerReferences.controllerOf(rs)
                        .flatMap(ref -> resolve(rs.getMetadata().getNamespace(), ref)));
    }

    /** The cached Deployment a controller reference points to, if it is one and still the same object. */
    private Optional<Deployment> resolve(String namespace, OwnerReference controller) {
        if (!"Deployment".equals(controller.getKind())) {
            return Optional.empty();
        }
        return deployments
                .get(namespace, controller.getName())
                .filter(d -> Objects.equals(d.getMetadata().getUid(), controller.getUid()));
    }

    /** An orphan (or one with no labels left to match): every Deployment selecting it may adopt it. */
    private void enqueueSelecting(ReplicaSet replicaSet) {
        if (replicaSet.getMetadata().getLabels() == null
                || replicaSet.getMetadata().getLabels().isEmpty()) {
            return;
        }
        for (Deployment deployment :
                deployments.list(replicaSet.getMetadata().getNamespace(), LabelSelector.everything())) {
            LabelSelector selector;
            try {
                selector = LabelSelector.fromApi(deployment.getSpec().getSelector());
            } catch (RuntimeException invalid) {
                continue;
            }
            if (!selector.isEverything()
                    && selector.matches(replicaSet.getMetadata().getLabels())) {
                enqueue(deployment);
            }
        }
    }

    private void enqueue(Deployment deployment) {
        enqueue.accept(ObjectKeys.keyOf(deployment));
    }
}
