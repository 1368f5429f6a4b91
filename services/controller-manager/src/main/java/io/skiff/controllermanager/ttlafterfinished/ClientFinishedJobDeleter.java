package io.skiff.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.KubeClient;
import reactor.core.publisher.Mono;

/** {@link FinishedJobDeleter} through the API server. */
final class ClientFinishedJobDeleter implements FinishedJobDeleter {

    private final KubeClient client;

    ClientFinishedJobDeleter(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Job> freshJob(String namespace, String name) {
        return client.resources(Job.class).find(namespace, name);
    }

    @Override
    public Mono<Void> deleteJob(String namespace, String name, String uid) {
        return client.resources(Job.class)
                .delete(
                        namespace,
                        name,
                        new DeleteOptionsBuilder()
                                .withPropagationPolicy("Foreground")
                                .withNewPreconditions()
                                .withUid(uid)
                                .endPreconditions()
                                .build());
    }
}
