package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** An API server for the CronJob controller: Jobs by name, and the writes in order. */
final class FakeCronJobControl implements CronJobControl {

    final Map<String, Job> jobs = new HashMap<>();
    final List<Job> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<CronJob> statusUpdates = new ArrayList<>();
    CronJob fresh;

    @Override
    public Mono<Job> createJob(String namespace, Job job) {
        String name = job.getMetadata().getName();
        if (jobs.containsKey(name)) {
            return Mono.error(Statuses.alreadyExists("batch", "jobs", name));
        }
        Job stored = new JobBuilder(job)
                .editMetadata()
                .withUid("uid-" + name)
                .withResourceVersion("7")
                .endMetadata()
                .build();
        jobs.put(name, stored);
        created.add(stored);
        return Mono.just(stored);
    }

    @Override
    public Mono<Job> findJob(String namespace, String name) {
        return Mono.justOrEmpty(jobs.get(name));
    }

    @Override
    public Mono<Void> deleteJob(String namespace, String name) {
        deleted.add(name);
        jobs.remove(name);
        return Mono.empty();
    }

    @Override
    public Mono<CronJob> findCronJob(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public Mono<CronJob> updateStatus(CronJob cronJob) {
        statusUpdates.add(new CronJobBuilder(cronJob).build());
        return Mono.just(cronJob);
    }

    CronJob lastStatus() {
        return statusUpdates.get(statusUpdates.size() - 1);
    }
}
