package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What one sync of one Job works with (job_controller.go syncJobCtx); confined to the sync's thread. */
final class SyncState {

    final String key;
    /** A private copy of the Job, replaced by what the API server returns after each status write. */
    Job job;

    final List<Pod> pods;
    final List<Pod> activePods;
    /** UIDs in status.uncountedTerminatedPods when the sync began. */
    final Set<String> uncountedSucceeded;

    final Set<String> uncountedFailed;
    /** Pods whose finalizer removal this controller has not yet seen in its cache. */
    final Set<String> expectedRemovedFinalizers;

    int ready;
    int terminating;
    int succeeded;
    int failed;
    BackoffRecords.Record newBackoff;
    /** The condition the Job finishes with, or an interim FailureTarget / SuccessCriteriaMet; null while it runs. */
    JobCondition finishedCondition;

    CompletedIndexes previousSucceededIndexes = CompletedIndexes.empty();
    CompletedIndexes succeededIndexes = CompletedIndexes.empty();

    private Duration requeueAfter;

    SyncState(
            String key,
            Job job,
            List<Pod> pods,
            List<Pod> activePods,
            Set<String> uncountedSucceeded,
            Set<String> uncountedFailed,
            Set<String> expectedRemovedFinalizers) {
        this.key = key;
        this.job = job;
        this.pods = pods;
        this.activePods = activePods;
        this.uncountedSucceeded = uncountedSucceeded;
        this.uncountedFailed = uncountedFailed;
        this.expectedRemovedFinalizers = expectedRemovedFinalizers;
    }

    /** Asks for another sync after {@code delay} (the earliest of all such asks wins). */
    void requeueAfter(Duration delay) {
        Duration bounded = delay.isNegative() ? Duration.ZERO : delay;
        if (requeueAfter == null || bounded.compareTo(requeueAfter) < 0) {
            requeueAfter = bounded;
        }
    }

    Duration requeueAfter() {
        return requeueAfter;
    }
}
