package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.controllermanager.pods.PodControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Records the controller's writes. */
final class FakeDaemonSetControl implements PodControl<DaemonSet> {

    final List<Pod> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> patchedPods = new ArrayList<>();
    final List<DaemonSet> statusUpdates = new ArrayList<>();
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
    public Mono<DaemonSet> freshOwner(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<DaemonSet> updateStatus(DaemonSet daemonSet) {
        statusUpdates.add(daemonSet);
        return Mono.just(daemonSet);
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
