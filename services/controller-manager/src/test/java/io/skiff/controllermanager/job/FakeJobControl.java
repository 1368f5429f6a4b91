package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.skiff.controllermanager.pods.PodControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Records the Job controller's writes in order, as the API server would answer them: created pods
 * get a name and uid, status writes a new resourceVersion.
 */
final class FakeJobControl implements PodControl<Job> {

    record PatchCall(String name, Map<String, Object> body) {}

    final List<String> calls = new ArrayList<>();
    final List<Pod> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<PatchCall> patched = new ArrayList<>();
    final List<Job> statusUpdates = new ArrayList<>();
    int failCreatesAfter = Integer.MAX_VALUE;
    Job fresh;
    private int sequence;
    private long resourceVersion = 100;

    @Override
    public synchronized Mono<Pod> createPod(String namespace, Pod pod) {
        sequence++;
        if (created.size() >= failCreatesAfter) {
            return Mono.error(new IllegalStateException("pods \"pi\" is forbidden: exceeded quota"));
        }
        String name = pod.getMetadata().getGenerateName() + "x" + sequence;
        Pod named = new PodBuilder(pod)
                .editMetadata()
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion(Long.toString(++resourceVersion))
                .endMetadata()
                .build();
        created.add(named);
        calls.add("create " + name);
        return Mono.just(named);
    }

    @Override
    public synchronized Mono<Void> deletePod(String namespace, String name) {
        deleted.add(name);
        calls.add("delete " + name);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        patched.add(new PatchCall(name, strategicMergePatch));
        calls.add("patch " + name);
        return Mono.just(new Pod());
    }

    @Override
    public Mono<Job> freshOwner(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<Job> updateStatus(Job job) {
        Job stored = new JobBuilder(job)
                .editMetadata()
                .withResourceVersion(Long.toString(++resourceVersion))
                .endMetadata()
                .build();
        statusUpdates.add(stored);
        calls.add("status");
        return Mono.just(new JobBuilder(stored).build());
    }

    Job lastStatus() {
        return statusUpdates.get(statusUpdates.size() - 1);
    }
}
