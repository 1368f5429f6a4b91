package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.KubeClient;
import reactor.core.publisher.Mono;

/** {@link CronJobControl} through the API server. */
final class ClientCronJobControl implements CronJobControl {

    private final KubeClient client;

    ClientCronJobControl(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<Job> createJob(String namespace, Job job) {
        return client.resources(Job.class).create(namespace, job);
    }

    @Override
    public Mono<Job> findJob(String namespace, String name) {
        return client.resources(Job.class).find(namespace, name);
    }

    @Override
    public Mono<Void> deleteJob(String namespace, String name) {
        return client.resources(Job.class)
                .delete(
                        namespace,
                        name,
                        new DeleteOptionsBuilder()
                                .withPropagationPolicy("Background")
                                .build());
    }

    @Override
    public Mono<CronJob> findCronJob(String namespace, String name) {
        return client.resources(CronJob.class).find(namespace, name);
    }

    @Override
    public Mono<CronJob> updateStatus(CronJob cronJob) {
        return client.resources(CronJob.class).updateStatus(cronJob);
    }
}
