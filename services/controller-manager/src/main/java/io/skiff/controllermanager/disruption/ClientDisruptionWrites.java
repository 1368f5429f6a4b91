package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.skiff.component.client.KubeClient;
import reactor.core.publisher.Mono;

/** {@link DisruptionWrites} through the API server. */
final class ClientDisruptionWrites implements DisruptionWrites {

    private final KubeClient client;

    ClientDisruptionWrites(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<PodDisruptionBudget> updateBudgetStatus(PodDisruptionBudget budget) {
        return client.resources(PodDisruptionBudget.class).updateStatus(budget);
    }

    @Override
    public Mono<Pod> updatePodStatus(Pod pod) {
        return client.pods().updateStatus(pod);
    }
}
