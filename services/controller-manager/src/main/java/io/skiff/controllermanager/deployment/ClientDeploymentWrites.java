package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link DeploymentWrites} through the API server. */
final class ClientDeploymentWrites implements DeploymentWrites {

    private final KubeClient client;

    ClientDeploymentWrites(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<ReplicaSet> createReplicaSet(String namespace, ReplicaSet replicaSet) {
        return client.resources(ReplicaSet.class).create(namespace, replicaSet);
    }

    @Override
    public Mono<ReplicaSet> updateReplicaSet(ReplicaSet replicaSet) {
        return client.resources(ReplicaSet.class).update(replicaSet);
    }

    @Override
    public Mono<Void> deleteReplicaSet(String namespace, String name) {
        return client.resources(ReplicaSet.class).delete(namespace, name);
    }

    @Override
    public Mono<ReplicaSet> patchReplicaSet(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return client.resources(ReplicaSet.class).patch(namespace, name, Patch.strategicMerge(strategicMergePatch));
    }

    @Override
    public Mono<Deployment> updateStatus(Deployment deployment) {
        return client.resources(Deployment.class).updateStatus(deployment);
    }

    @Override
    public Mono<Deployment> patchAnnotations(Deployment deployment, Map<String, String> annotations) {
        Map<String, Object> metadata = Map.of(
                "annotations",
                annotations,
                "resourceVersion",
                deployment.getMetadata().getResourceVersion());
        return client.resources(Deployment.class)
                .patch(
                        deployment.getMetadata().getNamespace(),
                        deployment.getMetadata().getName(),
                        Patch.merge(Map.of("metadata", metadata)));
    }

    @Override
    public Mono<Deployment> freshDeployment(String namespace, String name) {
        return client.resources(Deployment.class).find(namespace, name);
    }
}
