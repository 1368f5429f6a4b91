package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Records the controller's writes; revisions it creates are kept, as the API server would. */
final class FakeStatefulSetControl implements StatefulSetControl {

    final List<String> createdPods = new ArrayList<>();
    final Map<String, Pod> createdPodsByName = new LinkedHashMap<>();
    final List<String> updatedPods = new ArrayList<>();
    final List<String> deletedPods = new ArrayList<>();
    final List<String> createdClaims = new ArrayList<>();
    final List<PersistentVolumeClaim> updatedClaims = new ArrayList<>();
    final List<StatefulSet> statusUpdates = new ArrayList<>();
    final Map<String, ControllerRevision> revisions = new LinkedHashMap<>();
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
    public Mono<StatefulSet> freshStatefulSet(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<StatefulSet> updateStatus(StatefulSet set) {
        statusUpdates.add(set);
        return Mono.just(set);
    }

    @Override
    public synchronized Mono<ControllerRevision> createRevision(String namespace, ControllerRevision revision) {
        if (revisions.containsKey(revision.getMetadata().getName())) {
            return Mono.error(Statuses.alreadyExists(
                    "apps", "controllerrevisions", revision.getMetadata().getName()));
        }
        revisions.put(revision.getMetadata().getName(), revision);
        return Mono.just(revision);
    }

    @Override
    public synchronized Mono<ControllerRevision> freshRevision(String namespace, String name) {
        return Mono.justOrEmpty(revisions.get(name));
    }

    @Override
    public synchronized Mono<ControllerRevision> updateRevision(ControllerRevision revision) {
        revisions.put(revision.getMetadata().getName(), revision);
        return Mono.just(revision);
    }

    @Override
    public synchronized Mono<Void> deleteRevision(String namespace, String name) {
        revisions.remove(name);
        return Mono.empty();
    }

    @Override
    public Mono<ControllerRevision> patchRevision(String namespace, String name, Map<String, Object> patch) {
        return Mono.justOrEmpty(revisions.get(name));
    }

    StatefulSet lastStatus() {
        return statusUpdates.get(statusUpdates.size() - 1);
    }
}
