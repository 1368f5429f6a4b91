package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link StatefulSetControl} through the API server. */
final class ClientStatefulSetControl implements StatefulSetControl {

    private final KubeClient client;

    ClientStatefulSetControl(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Pod> createPod(String namespace, Pod pod) {
        return client.pods().create(namespace, pod);
    }

    @Override
    public Mono<Pod> updatePod(Pod pod) {
        return client.pods().update(pod);
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return client.pods().delete(namespace, name);
    }

    @Override
    public Mono<Pod> freshPod(String namespace, String name) {
        return client.pods().find(namespace, name);
    }

    @Override
    public Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return client.pods().patch(namespace, name, Patch.strategicMerge(strategicMergePatch));
    }

    @Override
    public Mono<PersistentVolumeClaim> createClaim(String namespace, PersistentVolumeClaim claim) {
        return client.resources(PersistentVolumeClaim.class).create(namespace, claim);
    }

    @Override
    public Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim) {
        return client.resources(PersistentVolumeClaim.class).update(claim);
    }

    @Override
    public Mono<StatefulSet> freshStatefulSet(String namespace, String name) {
        return client.resources(StatefulSet.class).find(namespace, name);
    }

    @Override
    public Mono<StatefulSet> updateStatus(StatefulSet set) {
        return client.resources(StatefulSet.class).updateStatus(set);
    }
}
