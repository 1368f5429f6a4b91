package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.controllermanager.pods.PodControl;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** Records the controller's writes; creations fail once {@link #failCreatesAfter} have succeeded. */
final class FakePodControl implements PodControl<ReplicaSet> {

    record PatchCall(String name, Map<String, Object> body) {}

    final List<Pod> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<PatchCall> patched = new ArrayList<>();
    final List<ReplicaSet> statusUpdates = new ArrayList<>();
    final AtomicInteger createAttempts = new AtomicInteger();
    int failCreatesAfter = Integer.MAX_VALUE;
    int statusConflicts;
    ReplicaSet fresh;

    @Override
    public synchronized Mono<Pod> createPod(String namespace, Pod pod) {
        int attempt = createAttempts.incrementAndGet();
        if (attempt > failCreatesAfter) {
            return Mono.error(new IllegalStateException("pods \"web\" is forbidden: exceeded quota"));
        }
        Pod named = new PodBuilder(pod)
                .editMetadata()
                .withName(pod.getMetadata().getGenerateName() + "x" + attempt)
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
        patched.add(new PatchCall(name, strategicMergePatch));
        return Mono.just(new Pod());
    }

    @Override
    public Mono<ReplicaSet> freshOwner(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<ReplicaSet> updateStatus(ReplicaSet replicaSet) {
        statusUpdates.add(replicaSet);
        if (statusConflicts > 0) {
            statusConflicts--;
            return Mono.error(Statuses.staleResourceVersion("apps", "replicasets", "web"));
        }
        return Mono.just(replicaSet);
    }
}
