package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether and how a Job finished (pkg/controller/job/util): a Complete or Failed condition with
 * status True. The CronJob and TTL-after-finished controllers read Jobs through this too.
 */
public final class FinishedJobs {

    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";

    private FinishedJobs() {}

    /** The True Complete or Failed condition, if the Job finished. */
    public static Optional<JobCondition> finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c ->
                        (COMPLETE.equals(c.getType()) || FAILED.equals(c.getType())) && "True".equals(c.getStatus()))
                .findFirst();
    }

    public static boolean isFinished(Job job) {
        return finishedCondition(job).isPresent();
    }

    /** Finished with a True Complete condition. */
    public static boolean isSucceeded(Job job) {
        return finishedCondition(job).map(c -> COMPLETE.equals(c.getType())).orElse(false);
    }

    /**
     * When the Job finished: its finished condition's lastTransitionTime. Empty when it has not
     * finished or the condition carries no (readable) time.
     */
    public static Optional<Instant> finishTime(Job job) {
        return finishedCondition(job).map(JobCondition::getLastTransitionTime).flatMap(KubeTimes::parse);
    }
}
