package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.client.KubeClient;
import io.skiff.controllermanager.pods.ClientPodControl;
import reactor.core.publisher.Mono;

/** {@link StatefulSetControl} through the API server. */
final class ClientStatefulSetControl extends ClientPodControl<StatefulSet> implements StatefulSetControl {

    private final KubeClient client;

    ClientStatefulSetControl(KubeClient client) {
        super(client, StatefulSet.class);
        this.client = client;
    }

    @Override
    public Mono<Pod> updatePod(Pod pod) {
        return client.pods().update(pod);
    }

    @Override
    public Mono<Pod> freshPod(String namespace, String name) {
        return client.pods().find(namespace, name);
    }

    @Override
    public Mono<PersistentVolumeClaim> createClaim(String namespace, PersistentVolumeClaim claim) {
        return client.resources(PersistentVolumeClaim.class).create(namespace, claim);
    }

    @Override
    public Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim) {
        return client.resources(PersistentVolumeClaim.class).update(claim);
    }
}
