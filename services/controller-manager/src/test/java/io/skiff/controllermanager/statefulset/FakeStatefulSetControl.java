package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.controllermanager.testing.RecordingPodControl;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Records the StatefulSet controller's writes: those of every pod controller, pod updates and claims. */
final class FakeStatefulSetControl extends RecordingPodControl<StatefulSet> implements StatefulSetControl {

    final List<String> updatedPods = new ArrayList<>();
    final List<String> createdClaims = new ArrayList<>();
    final List<PersistentVolumeClaim> updatedClaims = new ArrayList<>();

    @Override
    public synchronized Mono<Pod> updatePod(Pod pod) {
        updatedPods.add(pod.getMetadata().getName());
        return Mono.just(pod);
    }

    @Override
    public Mono<Pod> freshPod(String namespace, String name) {
        return Mono.empty();
    }

    @Override
    public synchronized Mono<PersistentVolumeClaim> createClaim(String namespace, PersistentVolumeClaim claim) {
        createdClaims.add(claim.getMetadata().getName());
        return Mono.just(claim);
    }

    @Override
    public synchronized Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim) {
        updatedClaims.add(claim);
        return Mono.just(claim);
    }
}
