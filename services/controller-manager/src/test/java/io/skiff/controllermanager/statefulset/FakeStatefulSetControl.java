package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Records the controller's writes. */
final class FakeStatefulSetControl implements StatefulSetControl {

    final List<String> createdPods = new ArrayList<>();
    final Map<String, Pod> createdPodsByName = new LinkedHashMap<>();
    final List<String> updatedPods = new ArrayList<>();
    final List<String> deletedPods = new ArrayList<>();
    final List<String> createdClaims = new ArrayList<>();
    final List<PersistentVolumeClaim> updatedClaims = new ArrayList<>();
    final List<StatefulSet> statusUpdates = new ArrayList<>();
    StatefulSet fresh;

    @Override
    public synchronized Mono<Pod> createPod(String namespace, Pod pod) {
        createdPods.add(pod.getMetadata().getName());
        createdPodsByName.put(pod.getMetadata().getName(), pod);
        return Mono.just(pod);
    }

    @Override
    public synchronized Mono<Pod> updatePod(Pod pod) {
        updatedPods.add(pod.getMetadata().getName());
        return Mono.just(pod);
    }

    @Override
    public synchronized Mono<Void> deletePod(String namespace, String name) {
        deletedPods.add(name);
        return Mono.empty();
    }

    @Override
    public Mono<Pod> freshPod(String namespace, String name) {
        return Mono.empty();
    }

    @Override
    public Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return Mono.just(new Pod());
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

    @Override
    public Mono<StatefulSet> freshOwner(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<StatefulSet> updateStatus(StatefulSet set) {
        statusUpdates.add(set);
        return Mono.just(set);
    }

    StatefulSet lastStatus() {
        return statusUpdates.get(statusUpdates.size() - 1);
    }
}
