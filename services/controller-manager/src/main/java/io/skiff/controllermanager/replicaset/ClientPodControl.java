package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link PodControl} through the API server. */
final class ClientPodControl implements PodControl {

    private final KubeClient client;

    ClientPodControl(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Pod> createPod(String namespace, Pod pod) {
        return client.pods().create(namespace, pod);
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return client.pods().delete(namespace, name);
    }

    @Override
    public Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return client.pods().patch(namespace, name, Patch.strategicMerge(strategicMergePatch));
    }

    @Override
    public Mono<ReplicaSet> freshReplicaSet(String namespace, String name) {
        return client.resources(ReplicaSet.class).find(namespace, name);
    }

    @Override
    public Mono<ReplicaSet> updateStatus(ReplicaSet replicaSet) {
        return client.resources(ReplicaSet.class).updateStatus(replicaSet);
    }
}
