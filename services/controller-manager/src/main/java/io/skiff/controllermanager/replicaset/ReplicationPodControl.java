package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.client.KubeClient;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link PodControl} for ReplicationControllers: pods as for ReplicaSets, the owner read and written as v1 ReplicationControllers. */
final class ReplicationPodControl implements PodControl {

    private final KubeClient client;
    private final PodControl pods;

    ReplicationPodControl(KubeClient client) {
        this.client = client;
        this.pods = new ClientPodControl(client);
    }

    @Override
    public Mono<Pod> createPod(String namespace, Pod pod) {
        return pods.createPod(namespace, pod);
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return pods.deletePod(namespace, name);
    }

    @Override
    public Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return pods.patchPod(namespace, name, strategicMergePatch);
    }

    @Override
    public Mono<ReplicaSet> freshReplicaSet(String namespace, String name) {
        return client.resources(ReplicationController.class)
                .find(namespace, name)
                .map(ReplicationControllers::toReplicaSet);
    }

    /** Writes the status onto the ReplicationController, with the converted object's resourceVersion as precondition. */
    @Override
    public Mono<ReplicaSet> updateStatus(ReplicaSet replicaSet) {
        ReplicationController controller = new ReplicationControllerBuilder()
                .withMetadata(replicaSet.getMetadata())
                .withNewSpec()
                .withReplicas(replicaSet.getSpec().getReplicas())
                .withMinReadySeconds(replicaSet.getSpec().getMinReadySeconds())
                .withSelector(replicaSet.getSpec().getSelector().getMatchLabels())
                .withTemplate(replicaSet.getSpec().getTemplate())
                .endSpec()
                .withStatus(ReplicationControllers.toControllerStatus(replicaSet.getStatus()))
                .build();
        return client.resources(ReplicationController.class)
                .updateStatus(controller)
                .map(ReplicationControllers::toReplicaSet);
    }
}
