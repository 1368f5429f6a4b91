package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link JobControl} through the API server. */
final class ClientJobControl implements JobControl {

    private final KubeClient client;

    ClientJobControl(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Pod> createPod(String namespace, Pod pod) {
        return client.pods().create(namespace, pod);
    }

    @Override
    public Mono<Void> deletePod(String namespace, String name) {
        return client.pods().delete(namespace, name);
    }

    @Override
    public Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        return client.pods().patch(namespace, name, Patch.strategicMerge(strategicMergePatch));
    }

    @Override
    public Mono<Job> freshJob(String namespace, String name) {
        return client.resources(Job.class).find(namespace, name);
    }

    @Override
    public Mono<Job> updateStatus(Job job) {
        return client.resources(Job.class).updateStatus(job);
    }
}
