package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.controllermanager.pods.PodControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts a Job's finished pods the way Kubernetes tracks them with the {@code
 * batch.kubernetes.io/job-tracking} finalizer (trackJobStatusAndRemoveFinalizers): a finished pod's
 * UID first goes to status.uncountedTerminatedPods, then its finalizer is removed, then it moves
 * from there into the succeeded/failed counters. A crash at any point neither loses nor doubles a
 * pod. The Job is declared finished only once nothing is left uncounted or terminating.
 */
final class JobStatusTracker {

    /** MaxUncountedPods: bounds the status size and the finalizer removals of one sync. */
    static final int MAX_UNCOUNTED_PODS = 500;

    private final PodControl<Job> control;
    private final FinalizerRemovals finalizerRemovals;
    private final BackoffRecords backoffs;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    JobStatusTracker(
            PodControl<Job> control,
            FinalizerRemovals finalizerRemovals,
            BackoffRecords backoffs,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.control = control;
        this.finalizerRemovals = finalizerRemovals;
        this.backoffs = backoffs;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Ensures status, its uncounted lists and conditions exist and can be changed in place. */
    static Job normalized(Job job) {
        JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods() == null
                ? new UncountedTerminatedPods()
                : status.getUncountedTerminatedPods();
        uncounted.setSucceeded(new ArrayList<>(orEmpty(uncounted.getSucceeded())));
        uncounted.setFailed(new ArrayList<>(orEmpty(uncounted.getFailed())));
        status.setUncountedTerminatedPods(uncounted);
        status.setConditions(new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions()));
        status.setSucceeded(orZero(status.getSucceeded()));
        status.setFailed(orZero(status.getFailed()));
        status.setActive(orZero(status.getActive()));
        job.setStatus(status);
        return job;
    }

    /**
     * Counts what finished, removes finalizers, writes the status when anything changed (or {@code
     * needsFlush} says it must) and finishes the Job when its finished condition may be set.
     */
    void track(SyncState state, boolean needsFlush) {
        Job job = state.job;
        boolean indexed = JobPodFactory.isIndexed(job);
        int completions = orZero(job.getSpec().getCompletions());
        List<Pod> pods = new ArrayList<>(state.pods);
        if (indexed) {
            pods.sort(Comparator.comparingInt(JobPods::completionIndex));
        }
        Set<String> uidsWithFinalizer = new HashSet<>();
        for (Pod pod : pods) {
            String uid = pod.getMetadata().getUid();
            if (JobPods.hasTrackingFinalizer(pod) && !state.expectedRemovedFinalizers.contains(uid)) {
                uidsWithFinalizer.add(uid);
            }
        }
        if (countUncountedWithoutFinalizers(job.getStatus(), uidsWithFinalizer)) {
            needsFlush = true;
        }
        UncountedTerminatedPods uncounted = job.getStatus().getUncountedTerminatedPods();
        List<Pod> removeFinalizer = new ArrayList<>();
        List<Integer> newSucceededIndexes = new ArrayList<>();
        boolean reachedMaxUncounted = false;
        for (Pod pod : pods) {
            String uid = pod.getMetadata().getUid();
            if (!JobPods.hasTrackingFinalizer(pod) || state.expectedRemovedFinalizers.contains(uid)) {
                // Counted in an earlier sync.
                continue;
            }
            boolean considerFailed = JobPods.isFailed(pod, job);
            if (!canRemoveFinalizer(state, pod, considerFailed)) {
                continue;
            }
            removeFinalizer.add(pod);
            if (JobPods.isSucceeded(pod) && !state.uncountedFailed.contains(uid)) {
                if (indexed) {
                    int index = JobPods.completionIndex(pod);
                    if (index != JobPods.UNKNOWN_INDEX
                            && index < completions
                            && !state.previousSucceededIndexes.has(index)) {
                        newSucceededIndexes.add(index);
                        needsFlush = true;
                    }
                } else if (!state.uncountedSucceeded.contains(uid)) {
                    uncounted.getSucceeded().add(uid);
                    needsFlush = true;
                }
            } else if (considerFailed || (state.finishedCondition != null && !isSuccessCriteriaMet(state))) {
                // Once the Job is finished (unsuccessfully), every pod not yet terminated counts as failed.
                int index = JobPods.completionIndex(pod);
                if (!state.uncountedFailed.contains(uid)
                        && (!indexed || (index != JobPods.UNKNOWN_INDEX && index < completions))) {
                    if (PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod)
                            .countFailed()) {
                        uncounted.getFailed().add(uid);
                        needsFlush = true;
                    }
                }
            }
            if (newSucceededIndexes.size()
                            + uncounted.getSucceeded().size()
                            + uncounted.getFailed().size()
                    >= MAX_UNCOUNTED_PODS) {
                // Enough for one sync: the status and pod updates bring the Job back for the rest.
                reachedMaxUncounted = true;
                break;
            }
        }
        if (indexed) {
            state.succeededIndexes = state.succeededIndexes.with(newSucceededIndexes);
            String completed = state.succeededIndexes.toString();
            if (!completed.equals(nullToEmpty(job.getStatus().getCompletedIndexes()))) {
                needsFlush = true;
            }
            job.getStatus().setSucceeded(state.succeededIndexes.total());
            job.getStatus().setCompletedIndexes(completed);
        }
        if (state.finishedCondition != null && JobConditions.FAILURE_TARGET.equals(state.finishedCondition.getType())) {
            // Record why the Job fails before the finalizers (which let the pods go) are removed.
            job.getStatus().getConditions().add(state.finishedCondition);
            needsFlush = true;
            state.finishedCondition = JobConditions.newCondition(
                    FinishedJobs.FAILED,
                    "True",
                    state.finishedCondition.getReason(),
                    state.finishedCondition.getMessage(),
                    clock.instant());
        }
        if (isSuccessCriteriaMet(state)) {
            if (JobConditions.findTrue(job.getStatus().getConditions(), JobConditions.SUCCESS_CRITERIA_MET)
                    .isEmpty()) {
                job.getStatus().getConditions().add(state.finishedCondition);
                needsFlush = true;
            }
            state.finishedCondition = JobConditions.newCondition(
                    FinishedJobs.COMPLETE,
                    "True",
                    state.finishedCondition.getReason(),
                    state.finishedCondition.getMessage(),
                    clock.instant());
        }
        needsFlush = flushUncountedAndRemoveFinalizers(state, removeFinalizer, uidsWithFinalizer, needsFlush);
        boolean finished = !reachedMaxUncounted && enactFinished(state);
        if (finished) {
            needsFlush = true;
        }
        if (needsFlush) {
            writeStatus(state, "removing uncounted pods from status");
            if (finished) {
                recordFinished(state.job, state.finishedCondition);
            }
        }
    }

    /**
     * Writes the new uncounted UIDs (and interim conditions), then removes the finalizers of {@code
     * pods}, then moves the UIDs whose finalizer is gone into the counters.
     *
     * @return whether status changes remain to be written
     */
    private boolean flushUncountedAndRemoveFinalizers(
            SyncState state, List<Pod> pods, Set<String> uidsWithFinalizer, boolean needsFlush) {
        if (needsFlush) {
            writeStatus(state, "adding uncounted pods to status");
            backoffs.update(state.newBackoff);
            needsFlush = false;
        }
        RuntimeException removalError = null;
        if (!pods.isEmpty()) {
            AtomicReference<RuntimeException> firstError = new AtomicReference<>();
            Set<String> removed = removeTrackingFinalizers(state.key, pods, firstError);
            uidsWithFinalizer.removeAll(removed);
            removalError = firstError.get();
        }
        if (countUncountedWithoutFinalizers(state.job.getStatus(), uidsWithFinalizer)) {
            needsFlush = true;
        }
        if (removalError != null) {
            if (needsFlush) {
                // Keep what was achieved before reporting the failure.
                writeStatus(state, "removing uncounted pods from status");
            }
            throw removalError;
        }
        return needsFlush;
    }

    /** @return the UIDs whose finalizer is gone (removed now, or the pod itself is gone) */
    private Set<String> removeTrackingFinalizers(
            String key, List<Pod> pods, AtomicReference<RuntimeException> firstError) {
        List<String> uids = pods.stream().map(pod -> pod.getMetadata().getUid()).toList();
        finalizerRemovals.expect(key, uids);
        Set<String> removed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Flux.fromIterable(pods)
                .flatMap(
                        pod -> control.patchPod(
                                        pod.getMetadata().getNamespace(),
                                        pod.getMetadata().getName(),
                                        JobPodManager.removeTrackingFinalizerPatch())
                                .then(Mono.fromRunnable(
                                        () -> removed.add(pod.getMetadata().getUid())))
                                .onErrorResume(error -> {
                                    // No pod update will show this removal: stop expecting it.
                                    finalizerRemovals.observed(
                                            key, pod.getMetadata().getUid());
                                    if (ApiErrors.isNotFound(error)) {
                                        removed.add(pod.getMetadata().getUid());
                                    } else {
                                        firstError.compareAndSet(
                                                null,
                                                new IllegalStateException(
                                                        "removing tracking finalizer: " + error.getMessage(), error));
                                    }
                                    return Mono.empty();
                                })
                                .then(),
                        Math.max(1, pods.size()))
                .then()
                .block(timeout);
        return removed;
    }

    /**
     * Moves the uncounted UIDs whose pods no longer carry the finalizer into the succeeded and
     * failed counters (cleanUncountedPodsWithoutFinalizers).
     *
     * @return whether the status changed
     */
    static boolean countUncountedWithoutFinalizers(JobStatus status, Set<String> uidsWithFinalizer) {
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
        boolean changed = false;
        List<String> stillSucceeded = uncounted.getSucceeded().stream()
                .filter(uidsWithFinalizer::contains)
                .toList();
        if (stillSucceeded.size() != uncounted.getSucceeded().size()) {
            status.setSucceeded(
                    orZero(status.getSucceeded()) + uncounted.getSucceeded().size() - stillSucceeded.size());
            uncounted.setSucceeded(new ArrayList<>(stillSucceeded));
            changed = true;
        }
        List<String> stillFailed = uncounted.getFailed().stream()
                .filter(uidsWithFinalizer::contains)
                .toList();
        if (stillFailed.size() != uncounted.getFailed().size()) {
            status.setFailed(orZero(status.getFailed()) + uncounted.getFailed().size() - stillFailed.size());
            uncounted.setFailed(new ArrayList<>(stillFailed));
            changed = true;
        }
        return changed;
    }

    /**
     * A finalizer may go when the Job is being deleted or has finished, when the pod succeeded, or
     * when it counts as failed.
     */
    private static boolean canRemoveFinalizer(SyncState state, Pod pod, boolean considerFailed) {
        return state.job.getMetadata().getDeletionTimestamp() != null
                || state.finishedCondition != null
                || JobPods.isSucceeded(pod)
                || considerFailed;
    }

    /**
     * Sets the finished condition (and completionTime), unless pods are still uncounted or still
     * terminating (the terminal condition waits for them, as with JobPodReplacementPolicy on).
     *
     * @return whether the Job is now finished
     */
    private boolean enactFinished(SyncState state) {
        JobCondition finished = state.finishedCondition;
        if (finished == null) {
            return false;
        }
        JobStatus status = state.job.getStatus();
        UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
        if (!uncounted.getSucceeded().isEmpty() || !uncounted.getFailed().isEmpty()) {
            return false;
        }
        if (state.terminating > 0) {
            return false;
        }
        JobConditions.ensure(
                status.getConditions(),
                finished.getType(),
                finished.getStatus(),
                finished.getReason(),
                finished.getMessage(),
                clock.instant());
        if (FinishedJobs.COMPLETE.equals(finished.getType())) {
            status.setCompletionTime(finished.getLastTransitionTime());
        }
        return true;
    }

    private void recordFinished(Job job, JobCondition finished) {
        if (FinishedJobs.COMPLETE.equals(finished.getType())) {
            Integer completions = job.getSpec().getCompletions();
            if (completions != null && orZero(job.getStatus().getSucceeded()) > completions) {
                events.event(
                        job,
                        EventType.WARNING,
                        "TooManySucceededPods",
                        "Too many succeeded pods running after completion count reached");
            }
            events.event(job, EventType.NORMAL, "Completed", "Job completed");
        } else {
            events.event(job, EventType.WARNING, finished.getReason(), "%s", finished.getMessage());
        }
    }

    /** Writes the status and carries on from what the API server stored. */
    private void writeStatus(SyncState state, String what) {
        Job request = new JobBuilder(state.job)
                .withStatus(new JobStatusBuilder(state.job.getStatus()).build())
                .build();
        try {
            Job stored = control.updateStatus(request).block(timeout);
            if (stored != null) {
                state.job = normalized(stored);
            }
        } catch (RuntimeException e) {
            if (ApiErrors.isConflict(e) || ApiErrors.isNotFound(e)) {
                throw e;
            }
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSuccessCriteriaMet(SyncState state) {
        return state.finishedCondition != null
                && JobConditions.SUCCESS_CRITERIA_MET.equals(state.finishedCondition.getType());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
