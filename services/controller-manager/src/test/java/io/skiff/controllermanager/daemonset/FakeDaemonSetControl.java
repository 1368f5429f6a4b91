package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Records the controller's writes; revisions it creates are kept, as the API server would. */
final class FakeDaemonSetControl implements DaemonSetControl {

    final List<Pod> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> patchedPods = new ArrayList<>();
    final List<DaemonSet> statusUpdates = new ArrayList<>();
    final Map<String, ControllerRevision> revisions = new LinkedHashMap<>();
    final List<String> deletedRevisions = new ArrayList<>();
    DaemonSet fresh;
    private int podCounter;

    @Override
    public synchronized Mono<Pod> createPod(String namespace, Pod pod) {
        Pod named = new PodBuilder(pod)
                .editMetadata()
                .withName(pod.getMetadata().getGenerateName() + "p" + (++podCounter))
                .endMetadata()
                .build();
        created.add(named);
        return Mono.just(named);
    }

    @Override
    public synchronized Mono<Void> deletePod(String namespace, String name) {
        deleted.add(name);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        patchedPods.add(name);
        return Mono.just(new Pod());
    }

    @Override
    public Mono<DaemonSet> freshDaemonSet(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<DaemonSet> updateStatus(DaemonSet daemonSet) {
        statusUpdates.add(daemonSet);
        return Mono.just(daemonSet);
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
        revisions.put(revision.getMetadata().getName(), new ControllerRevisionBuilder(revision).build());
        return Mono.just(revision);
    }

    @Override
    public synchronized Mono<Void> deleteRevision(String namespace, String name) {
        deletedRevisions.add(name);
        revisions.remove(name);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<ControllerRevision> patchRevision(
            String namespace, String name, Map<String, Object> strategicMergePatch) {
        return Mono.justOrEmpty(revisions.get(name));
    }

    /** The names of the created pods' target nodes, in creation order. */
    synchronized List<String> createdOnNodes() {
        return created.stream()
                .map(pod -> DaemonPods.targetNode(pod).orElse("?"))
                .toList();
    }

    DaemonSet lastStatus() {
        return statusUpdates.get(statusUpdates.size() - 1);
    }
}
