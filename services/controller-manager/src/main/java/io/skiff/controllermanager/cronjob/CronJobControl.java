package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import reactor.core.publisher.Mono;

/** The reads and writes the CronJob controller makes (its jobControl and cronJobControl), for fixtures in tests. */
interface CronJobControl {

    /** Creates {@code job} under its own name; AlreadyExists when that name is taken. */
    Mono<Job> createJob(String namespace, Job job);

    /** The Job from the API server, not the cache; empty when it does not exist. */
    Mono<Job> findJob(String namespace, String name);

    /** Deletes the Job with background propagation: its pods go after it. */
    Mono<Void> deleteJob(String namespace, String name);

    /** The CronJob from the API server, not the cache; empty when it does not exist. */
    Mono<CronJob> findCronJob(String namespace, String name);

    /** Writes {@code cronJob}'s status, with its resourceVersion as precondition. */
    Mono<CronJob> updateStatus(CronJob cronJob);
}
