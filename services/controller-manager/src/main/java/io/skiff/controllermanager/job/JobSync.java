package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.ControllerClaims;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.pods.PodControl;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one Job (job_controller.go syncJob): claim its pods, count what finished, decide
 * whether it failed (backoffLimit, activeDeadlineSeconds, podFailurePolicy) or completed, create or
 * delete pods, and track the status through the pods' finalizers.
 */
final class JobSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(JobSync.class);

    /** The only manager this controller syncs Jobs for (spec.managedBy unset means this one too). */
    static final String CONTROLLER_NAME = "kubernetes.io/job-controller";

    private final Lister<Job> jobs;
    private final Lister<Pod> pods;
    private final PodControl<Job> control;
    private final Expectations expectations;
    private final FinalizerRemovals finalizerRemovals;
    private final BackoffRecords backoffs;
    private final EventRecorder events;
    private final Clock clock;
    private final ControllerClaims<Pod> claims;
    private final JobPodManager podManager;
    private final JobStatusTracker statusTracker;

    JobSync(
            Lister<Job> jobs,
            Lister<Pod> pods,
            PodControl<Job> control,
            Expectations expectations,
            FinalizerRemovals finalizerRemovals,
            BackoffRecords backoffs,
            EventRecorder events,
            Clock clock,
            Duration timeout) {
        this.jobs = jobs;
        this.pods = pods;
        this.control = control;
        this.expectations = expectations;
        this.finalizerRemovals = finalizerRemovals;
        this.backoffs = backoffs;
        this.events = events;
        this.clock = clock;
        this.claims = new ControllerClaims<>(control, timeout, List.of(JobPods.TRACKING_FINALIZER));
        this.podManager = new JobPodManager(control, expectations, events, clock, timeout);
        this.statusTracker = new JobStatusTracker(control, finalizerRemovals, backoffs, events, clock, timeout);
    }

    @Override
    public Result sync(String key) {
        Optional<Job> cached = jobs.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            expectations.forget(key);
            finalizerRemovals.forget(key);
            backoffs.remove(key);
            return Result.done();
        }
        Job shared = cached.get();
        String managedBy = shared.getSpec().getManagedBy();
        if (managedBy != null && !CONTROLLER_NAME.equals(managedBy)) {
            log.debug("Job {} is managed by {}: skipped", key, managedBy);
            return Result.done();
        }
        if (FinishedJobs.isFinished(shared)) {
            backoffs.remove(key);
            return Result.done();
        }
        String mode = shared.getSpec().getCompletionMode();
        if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            events.event(
                    shared,
                    EventType.WARNING,
                    "UnknownCompletionMode",
                    "Skipped Job sync because completion mode is unknown");
            return Result.done();
        }
        Job job = JobStatusTracker.normalized(new JobBuilder(shared).build());
        JobStatus status = job.getStatus();

        // Expectations first: a pod that shows up after this check is simply seen next time.
        boolean satisfied = expectations.satisfied(key);
        List<Pod> jobPods = podsForJob(job);
        List<Pod> activePods = jobPods.stream().filter(ActivePods::isActive).toList();
        SyncState state = new SyncState(
                key,
                job,
                jobPods,
                activePods,
                new HashSet<>(status.getUncountedTerminatedPods().getSucceeded()),
                new HashSet<>(status.getUncountedTerminatedPods().getFailed()),
                finalizerRemovals.expectedUids(key));
        state.ready = (int) activePods.stream().filter(ActivePods::isReady).count();
        state.terminating =
                (int) jobPods.stream().filter(JobPods::isTerminating).count();
        int active = activePods.size();
        List<Pod> newSucceeded = newFinishedPods(state, state.uncountedSucceeded, JobPods::isSucceeded);
        List<Pod> newFailed = newFinishedPods(state, state.uncountedFailed, pod -> JobPods.isFailed(pod, job));
        state.succeeded = status.getSucceeded() + newSucceeded.size() + state.uncountedSucceeded.size();
        state.failed = status.getFailed() + countedFailures(job, newFailed) + state.uncountedFailed.size();

        Instant now = clock.instant();
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        if (status.getStartTime() == null && !suspended) {
            status.setStartTime(JobConditions.timestamp(now));
        }
        state.newBackoff = backoffs.next(key, newSucceeded, newFailed);
        decideFailure(state, jobPods, now);

        if (JobPodFactory.isIndexed(job)) {
            int completions = JobPodManager.orZero(job.getSpec().getCompletions());
            state.previousSucceededIndexes = CompletedIndexes.parse(status.getCompletedIndexes(), completions);
            state.succeededIndexes = state.previousSucceededIndexes.with(newlySucceededIndexes(jobPods, completions));
            state.succeeded = state.succeededIndexes.total();
        }

        RuntimeException manageError = null;
        boolean suspendConditionChanged = false;
        if (state.finishedCondition != null) {
            JobPodManager.Deletion deletion = podManager.deleteActivePods(job, activePods);
            if (deletion.deleted() != active || !satisfied) {
                // Pods or finalizers may remain that the cache does not show yet: finish later.
                state.finishedCondition = null;
            }
            active -= deletion.deleted();
            state.terminating += deletion.deleted();
            state.ready -= deletion.deletedReady();
            manageError = deletion.error();
        } else {
            boolean managed = false;
            if (satisfied && job.getMetadata().getDeletionTimestamp() == null) {
                try {
                    active = podManager.manage(state);
                } catch (JobPodManager.ManageJobException e) {
                    active = e.active();
                    manageError = (RuntimeException) e.getCause();
                }
                managed = true;
            }
            Integer completions = job.getSpec().getCompletions();
            boolean complete = completions == null
                    ? state.succeeded > 0 && active == 0
                    : state.succeeded >= completions && active == 0;
            if (complete) {
                state.finishedCondition = JobConditions.newCondition(
                        JobConditions.SUCCESS_CRITERIA_MET,
                        "True",
                        JobConditions.REASON_COMPLETIONS_REACHED,
                        "Reached expected number of succeeded pods",
                        now);
            } else if (managed) {
                suspendConditionChanged = updateSuspendedCondition(job, suspended, now);
            }
        }

        boolean needsStatusUpdate = suspendConditionChanged
                || active != status.getActive()
                || !Objects.equals(state.ready, status.getReady())
                || !Objects.equals(state.terminating, status.getTerminating());
        status.setActive(active);
        status.setReady(state.ready);
        status.setTerminating(state.terminating);
        try {
            statusTracker.track(state, needsStatusUpdate);
        } catch (RuntimeException e) {
            throw new IllegalStateException("tracking status of Job " + key + ": " + e.getMessage(), e);
        }
        if (manageError != null) {
            throw manageError;
        }
        Duration requeue = state.requeueAfter();
        return requeue == null ? Result.done() : Result.requeueAfter(requeue);
    }

    /**
     * Sets {@code state.finishedCondition} when the Job must fail: a FailJob rule of its
     * podFailurePolicy, more failures than backoffLimit (or, with restartPolicy OnFailure, more
     * restarts), or activeDeadlineSeconds passed; a Job that already recorded why it succeeds or
     * fails keeps that. Otherwise asks to look again when the deadline passes.
     */
    private void decideFailure(SyncState state, List<Pod> jobPods, Instant now) {
        Job job = state.job;
        List<JobCondition> conditions = job.getStatus().getConditions();
        state.finishedCondition = JobConditions.findTrue(conditions, JobConditions.SUCCESS_CRITERIA_MET)
                .orElse(null);
        if (state.finishedCondition == null) {
            Optional<JobCondition> failureTarget = JobConditions.findTrue(conditions, JobConditions.FAILURE_TARGET);
            if (failureTarget.isPresent()) {
                state.finishedCondition = JobConditions.newCondition(
                        FinishedJobs.FAILED,
                        "True",
                        failureTarget.get().getReason(),
                        failureTarget.get().getMessage(),
                        now);
            } else {
                failJobMessage(job, jobPods)
                        .ifPresent(message -> state.finishedCondition = JobConditions.newCondition(
                                JobConditions.FAILURE_TARGET,
                                "True",
                                JobConditions.REASON_POD_FAILURE_POLICY,
                                message,
                                now));
            }
        }
        if (state.finishedCondition != null) {
            return;
        }
        int backoffLimit = JobPodManager.orZero(job.getSpec().getBackoffLimit());
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
        if (state.failed > backoffLimit || pastBackoffLimitOnFailure(job, jobPods, backoffLimit)) {
            state.finishedCondition = JobConditions.newCondition(
                    JobConditions.FAILURE_TARGET,
                    "True",
                    JobConditions.REASON_BACKOFF_LIMIT_EXCEEDED,
                    "Job has reached the specified backoff limit",
                    now);
        } else if (pastActiveDeadline(job, now)) {
            state.finishedCondition = JobConditions.newCondition(
                    JobConditions.FAILURE_TARGET,
                    "True",
                    JobConditions.REASON_DEADLINE_EXCEEDED,
                    "Job was active longer than specified deadline",
                    now);
        } else if (deadline != null && !suspended) {
            Instant started = KubeTimes.parse(job.getStatus().getStartTime()).orElse(now);
            state.requeueAfter(Duration.ofSeconds(deadline).minus(Duration.between(started, now)));
        }
    }

    /** Suspended True while spec.suspend, False once resumed; resuming restarts the deadline clock. */
    private boolean updateSuspendedCondition(Job job, boolean suspended, Instant now) {
        List<JobCondition> conditions = job.getStatus().getConditions();
        if (suspended) {
            boolean changed = JobConditions.ensure(
                    conditions, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now);
            if (changed) {
                events.event(job, EventType.NORMAL, "Suspended", "Job suspended");
            }
            return changed;
        }
        boolean changed =
                JobConditions.ensure(conditions, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now);
        if (changed) {
            events.event(job, EventType.NORMAL, "Resumed", "Job resumed");
            // activeDeadlineSeconds counts continuous activity: it starts over on resume.
            job.getStatus().setStartTime(JobConditions.timestamp(now));
        }
        return changed;
    }

    /**
     * Every pod in the namespace this Job controls after adoption and release (getPodsForJob);
     * adopted pods are treated as carrying the tracking finalizer the adoption added.
     */
    private List<Pod> podsForJob(Job job) {
        LabelSelector selector = LabelSelector.fromApi(job.getSpec().getSelector());
        List<Pod> candidates = pods.list(job.getMetadata().getNamespace(), LabelSelector.everything());
        List<Pod> claimed = claims.claim(job, selector, candidates);
        String uid = job.getMetadata().getUid();
        List<Pod> result = new ArrayList<>(claimed.size());
        for (Pod pod : claimed) {
            boolean adopted = pod.getMetadata().getOwnerReferences() == null
                    || pod.getMetadata().getOwnerReferences().stream().noneMatch(ref -> uid.equals(ref.getUid()));
            if (adopted && !JobPods.hasTrackingFinalizer(pod)) {
                Pod copy = new PodBuilder(pod).build();
                List<String> finalizers = copy.getMetadata().getFinalizers() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(copy.getMetadata().getFinalizers());
                finalizers.add(JobPods.TRACKING_FINALIZER);
                copy.getMetadata().setFinalizers(finalizers);
                result.add(copy);
            } else {
                result.add(pod);
            }
        }
        return result;
    }

    /**
     * Pods that finished as {@code filter} says and are not yet counted anywhere: they carry the
     * finalizer, are not uncounted already, and (Indexed) have a valid index.
     */
    private static List<Pod> newFinishedPods(
            SyncState state, Set<String> uncounted, java.util.function.Predicate<Pod> filter) {
        boolean indexed = JobPodFactory.isIndexed(state.job);
        int completions = JobPodManager.orZero(state.job.getSpec().getCompletions());
        List<Pod> result = new ArrayList<>();
        for (Pod pod : state.pods) {
            String uid = pod.getMetadata().getUid();
            if (!JobPods.hasTrackingFinalizer(pod)
                    || uncounted.contains(uid)
                    || state.expectedRemovedFinalizers.contains(uid)) {
                continue;
            }
            if (indexed) {
                int index = JobPods.completionIndex(pod);
                if (index == JobPods.UNKNOWN_INDEX || index >= completions) {
                    continue;
                }
            }
            if (filter.test(pod)) {
                result.add(pod);
            }
        }
        return result;
    }

    /** Succeeded pods with a valid index still carrying the finalizer (not yet in completedIndexes). */
    private static Set<Integer> newlySucceededIndexes(List<Pod> jobPods, int completions) {
        Set<Integer> indexes = new HashSet<>();
        for (Pod pod : jobPods) {
            int index = JobPods.completionIndex(pod);
            if (JobPods.isSucceeded(pod)
                    && index != JobPods.UNKNOWN_INDEX
                    && index < completions
                    && JobPods.hasTrackingFinalizer(pod)) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    /** Failures that count towards backoffLimit: not those an Ignore rule matches. */
    private static int countedFailures(Job job, List<Pod> failed) {
        int count = 0;
        for (Pod pod : failed) {
            if (PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod)
                    .countFailed()) {
                count++;
            }
        }
        return count;
    }

    /** The message of the first failed pod a FailJob rule matches. */
    private static Optional<String> failJobMessage(Job job, List<Pod> jobPods) {
        if (job.getSpec().getPodFailurePolicy() == null) {
            return Optional.empty();
        }
        for (Pod pod : jobPods) {
            if (JobPods.isFailed(pod, job)) {
                String message = PodFailurePolicies.match(job.getSpec().getPodFailurePolicy(), pod)
                        .failJobMessage();
                if (message != null) {
                    return Optional.of(message);
                }
            }
        }
        return Optional.empty();
    }

    /** With restartPolicy OnFailure, the container restarts of running pods stand in for failures. */
    private static boolean pastBackoffLimitOnFailure(Job job, List<Pod> jobPods, int backoffLimit) {
        if (job.getSpec().getTemplate().getSpec() == null
                || !"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = 0;
        for (Pod pod : jobPods) {
            String phase = JobPods.phase(pod);
            if (phase.equals("Running") || phase.equals("Pending")) {
                restarts += restartCount(pod.getStatus().getInitContainerStatuses());
                restarts += restartCount(pod.getStatus().getContainerStatuses());
            }
        }
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    private static int restartCount(List<ContainerStatus> statuses) {
        if (statuses == null) {
            return 0;
        }
        int count = 0;
        for (ContainerStatus status : statuses) {
            count += status.getRestartCount() == null ? 0 : status.getRestartCount();
        }
        return count;
    }

    private static boolean pastActiveDeadline(Job job, Instant now) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        Optional<Instant> started = KubeTimes.parse(job.getStatus().getStartTime());
        if (deadline == null
                || started.isEmpty()
                || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return false;
        }
        return Duration.between(started.get(), now).compareTo(Duration.ofSeconds(deadline)) >= 0;
    }
}
