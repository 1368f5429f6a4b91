package io.skiff.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.component.client.KubeClient;
import io.skiff.controllermanager.pods.PodStatusPatches;
import reactor.core.publisher.Mono;

/** {@link PodGcWrites} through the API server. */
final class ClientPodGcWrites implements PodGcWrites {

    private final KubeClient client;

    ClientPodGcWrites(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Pod> markFailed(String namespace, String name, PodCondition condition) {
        return client.pods().patchStatus(namespace, name, PodStatusPatches.failedWith(condition));
    }

    @Override
    public Mono<Void> forceDelete(String namespace, String name) {
        return client.pods()
                .delete(
                        namespace,
                        name,
                        new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    }

    @Override
    public Mono<Boolean> nodeExists(String name) {
        return client.nodes().find(null, name).map(node -> true).defaultIfEmpty(false);
    }
}
