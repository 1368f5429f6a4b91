package io.skiff.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.job.FinishedJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look at one Job (ttlafterfinished_controller.go processJob): once it has been finished for
 * spec.ttlSecondsAfterFinished, delete it and its pods (foreground). The cached Job may be stale, so
 * the TTL is checked again on a fresh read before deleting, and the deletion is conditional on the UID.
 */
final class TtlAfterFinishedSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(TtlAfterFinishedSync.class);

    private final Lister<Job> jobs;
    private final FinishedJobDeleter deleter;
    private final Clock clock;
    private final Duration timeout;

    TtlAfterFinishedSync(Lister<Job> jobs, FinishedJobDeleter deleter, Clock clock, Duration timeout) {
        this.jobs = jobs;
        this.deleter = deleter;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A Job that finished and asks to be cleaned up after a TTL. */
    static boolean needsCleanup(Job job) {
        return job.getSpec().getTtlSecondsAfterFinished() != null && FinishedJobs.isFinished(job);
    }

    @Override
    public Result sync(String key) {
        Optional<Job> cached = jobs.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            return Result.done();
        }
        Expiry expiry = expiry(cached.get());
        if (!expiry.expired()) {
            return expiry.result();
        }
        // The TTL may have changed since the cache saw the Job: decide on the current object.
        Job fresh = deleter.freshJob(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key))
                .block(timeout);
        if (fresh == null) {
            return Result.done();
        }
        Expiry freshExpiry = expiry(fresh);
        if (!freshExpiry.expired()) {
            return freshExpiry.result();
        }
        log.debug("Cleaning up Job {}: finished and its TTL expired", key);
        try {
            deleter.deleteJob(
                            fresh.getMetadata().getNamespace(),
                            fresh.getMetadata().getName(),
                            fresh.getMetadata().getUid())
                    .block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
        return Result.done();
    }

    /**
     * @param expired whether the Job should be deleted now
     * @param result what to do otherwise: nothing, or look again when the TTL expires
     */
    private record Expiry(boolean expired, Result result) {}

    /** processTTL: expired, not yet (look again then), or not a candidate at all. */
    private Expiry expiry(Job job) {
        if (job.getMetadata().getDeletionTimestamp() != null || !needsCleanup(job)) {
            return new Expiry(false, Result.done());
        }
        Optional<Instant> finishedAt = FinishedJobs.finishTime(job);
        if (finishedAt.isEmpty()) {
            throw new IllegalStateException(String.format(
                    "unable to find the time when the Job %s/%s finished",
                    job.getMetadata().getNamespace(), job.getMetadata().getName()));
        }
        Instant now = clock.instant();
        if (finishedAt.get().isAfter(now)) {
            log.info(
                    "Found Job {} finished in the future. This is likely due to time skew in the cluster. Job cleanup will be deferred.",
                    ObjectKeys.keyOf(job));
        }
        Instant expireAt = finishedAt.get().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        Duration remaining = Duration.between(now, expireAt);
        if (remaining.isNegative() || remaining.isZero()) {
            return new Expiry(true, Result.done());
        }
        return new Expiry(false, Result.requeueAfter(remaining));
    }
}
