package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.ownership.OwnerResolver;
import io.skiff.model.selector.LabelSelector;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns Deployment, ReplicaSet and pod notifications into Deployment keys (deployment_controller.go's
 * handlers): a ReplicaSet wakes its controlling Deployment, or, as an orphan, every Deployment that
 * selects it; a pod's deletion wakes a Recreate Deployment once none of its pods is left. No API
 * calls and no syncing happen here.
 */
final class DeploymentEventHandlers {

    private final OwnerResolver<Deployment> deployments;
    private final OwnerResolver<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final Consumer<String> enqueue;

    DeploymentEventHandlers(
            Lister<Deployment> deployments,
            Lister<ReplicaSet> replicaSets,
            Lister<Pod> pods,
            Consumer<String> enqueue) {
        this.deployments = OwnerResolver.of(
                deployments, "Deployment", deployment -> deployment.getSpec().getSelector());
        this.replicaSets = OwnerResolver.of(
                replicaSets, "ReplicaSet", replicaSet -> replicaSet.getSpec().getSelector());
        this.pods = pods;
        this.enqueue = enqueue;
    }

    ResourceEventHandler<Deployment> forDeployments() {
        return ResourceEventHandler.enqueueingKeys(enqueue);
    }

    ResourceEventHandler<ReplicaSet> forReplicaSets() {
        return ResourceEventHandler.of(this::replicaSetAdded, this::replicaSetUpdated, this::replicaSetDeleted);
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
        deployments.added(replicaSet, this::enqueue, this::enqueue);
    }

    void replicaSetUpdated(ReplicaSet oldReplicaSet, ReplicaSet newReplicaSet) {
        // A resync changes nothing, and every Deployment is resynced on its own.
        deployments.updated(oldReplicaSet, newReplicaSet, this::enqueue, this::enqueue, this::enqueue);
    }

    void replicaSetDeleted(ReplicaSet replicaSet) {
        deployments.controllerOf(replicaSet).ifPresent(this::enqueue);
    }

    /**
     * Only Recreate cares about pods, and only about the last one of a Deployment going away: then
     * the new ReplicaSet may start.
     */
    void podDeleted(Pod pod) {
        Optional<Deployment> deployment = replicaSets.controllerOf(pod).flatMap(deployments::controllerOf);
        if (deployment.isEmpty() || !RollingParameters.isRecreate(deployment.get())) {
            return;
        }
        LabelSelector selector =
                LabelSelector.fromApi(deployment.get().getSpec().getSelector());
        String uid = deployment.get().getMetadata().getUid();
        for (Pod remaining : pods.list(pod.getMetadata().getNamespace(), selector)) {
            if (replicaSets
                    .controllerOf(remaining)
                    .filter(rs -> OwnerReferences.isControlledBy(rs, uid))
                    .isPresent()) {
                return;
            }
        }
        enqueue(deployment.get());
    }

    private void enqueue(Deployment deployment) {
        enqueue.accept(ObjectKeys.keyOf(deployment));
    }
}
