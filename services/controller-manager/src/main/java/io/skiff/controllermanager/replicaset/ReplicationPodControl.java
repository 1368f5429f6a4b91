package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import io.skiff.controllermanager.pods.ClientPodControl;
import io.skiff.controllermanager.pods.PodControl;

/** The ReplicationController manager's {@link PodControl}: pods as for ReplicaSets, the owner read and written as a v1 ReplicationController. */
final class ReplicationPodControl {

    private ReplicationPodControl() {}

    static PodControl<ReplicaSet> of(KubeClient client) {
        ResourceClient<ReplicationController> controllers = client.resources(ReplicationController.class);
        return new ClientPodControl<>(
                client,
                (namespace, name) -> controllers.find(namespace, name).map(ReplicationControllers::toReplicaSet),
                replicaSet ->
                        controllers.updateStatus(toController(replicaSet)).map(ReplicationControllers::toReplicaSet));
    }

    /** The status written onto the ReplicationController, with the converted object's resourceVersion as precondition. */
    private static ReplicationController toController(ReplicaSet replicaSet) {
        return new ReplicationControllerBuilder()
                .withMetadata(replicaSet.getMetadata())
                .withNewSpec()
                .withReplicas(replicaSet.getSpec().getReplicas())
                .withMinReadySeconds(replicaSet.getSpec().getMinReadySeconds())
                .withSelector(replicaSet.getSpec().getSelector().getMatchLabels())
                .withTemplate(replicaSet.getSpec().getTemplate())
                .endSpec()
                .withStatus(ReplicationControllers.toControllerStatus(replicaSet.getStatus()))
                .build();
    }
}
