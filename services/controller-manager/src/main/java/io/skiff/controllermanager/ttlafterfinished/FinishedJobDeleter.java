package io.skiff.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import reactor.core.publisher.Mono;

/** The reads and writes the TTL-after-finished controller makes, for fixtures in tests. */
interface FinishedJobDeleter {

    /** The Job from the API server, not the cache; empty when it does not exist. */
    Mono<Job> freshJob(String namespace, String name);

    /**
     * Deletes the Job with foreground propagation (its pods go first) on condition that it is still
     * the object with {@code uid}.
     */
    Mono<Void> deleteJob(String namespace, String name, String uid);
}
