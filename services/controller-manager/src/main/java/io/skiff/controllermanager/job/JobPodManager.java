package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.controllermanager.pods.PodControl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates and deletes a Job's pods (job_controller.go manageJob, deleteJobPods, deleteActivePods):
 * as many active pods as parallelism and the remaining completions allow, none while suspended,
 * new ones only once the failure back-off has passed.
 */
final class JobPodManager {

    /** MaxPodCreateDeletePerSync. */
    static final int MAX_POD_CREATE_DELETE_PER_SYNC = 500;

    /** SlowStartInitialBatchSize. */
    static final int SLOW_START_INITIAL_BATCH = 1;

    /** syncJobBatchPeriod: a delayed sync is never sooner than this. */
    static final Duration SYNC_BATCH_PERIOD = Duration.ofSeconds(1);

    private record Creation(int created, RuntimeException error) {}

    /** What deleting pods achieved: how many went (and how many of them were ready), and the first error. */
    record Deletion(int deleted, int deletedReady, RuntimeException error) {}

    private static final Map<String, Object> REMOVE_TRACKING_FINALIZER =
            Map.of("metadata", Map.of("$deleteFromPrimitiveList/finalizers", List.of(JobPods.TRACKING_FINALIZER)));

    private final PodControl<Job> control;
    private final Expectations expectations;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    JobPodManager(
            PodControl<Job> control, Expectations expectations, EventRecorder events, Clock clock, Duration timeout) {
        this.control = control;
        this.expectations = expectations;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The strategic merge patch that removes the tracking finalizer and keeps every other. */
    static Map<String, Object> removeTrackingFinalizerPatch() {
        return REMOVE_TRACKING_FINALIZER;
    }

    /**
     * Brings the number of active pods towards what the Job wants; deletions take precedence over
     * creations within one sync.
     *
     * @return the number of active pods once the calls issued here take effect
     * @throws RuntimeException the first failed creation or deletion, after recording what succeeded
     */
    int manage(SyncState state) {
        Job job = state.job;
        int active = state.activePods.size();
        int parallelism = orZero(job.getSpec().getParallelism());
        if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            List<Pod> toDelete = activePodsForRemoval(job, state.activePods, active);
            Deletion deletion = deleteJobPods(state.key, job, toDelete);
            state.terminating += deletion.deleted();
            state.ready -= deletion.deletedReady();
            failIf(deletion.error(), active - deletion.deleted());
            return active - deletion.deleted();
        }

        int wantActive;
        Integer completions = job.getSpec().getCompletions();
        if (completions == null) {
            // Without completions any success ends the Job: leave whatever runs running.
            wantActive = state.succeeded > 0 ? active : parallelism;
        } else {
            wantActive = Math.max(0, Math.min(completions - state.succeeded, parallelism));
        }

        int removeAtLeast = Math.max(0, active - wantActive);
        List<Pod> toDelete = activePodsForRemoval(job, state.activePods, removeAtLeast);
        if (toDelete.size() > MAX_POD_CREATE_DELETE_PER_SYNC) {
            toDelete = toDelete.subList(0, MAX_POD_CREATE_DELETE_PER_SYNC);
        }
        if (!toDelete.isEmpty()) {
            Deletion deletion = deleteJobPods(state.key, job, toDelete);
            state.terminating += deletion.deleted();
            state.ready -= deletion.deletedReady();
            failIf(deletion.error(), active - deletion.deleted());
            return active - deletion.deleted();
        }

        int terminating = JobPods.onlyReplaceFailedPods(job) ? state.terminating : 0;
        int diff = wantActive - terminating - active;
        if (diff <= 0) {
            return active;
        }
        Duration remaining = state.newBackoff.remaining(clock.instant());
        if (remaining.compareTo(Duration.ZERO) > 0) {
            state.requeueAfter(remaining.compareTo(SYNC_BATCH_PERIOD) < 0 ? SYNC_BATCH_PERIOD : remaining);
            return 0;
        }
        diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
        List<Integer> indexes = new ArrayList<>();
        if (JobPodFactory.isIndexed(job)) {
            Set<Integer> busy = indexesOf(state.activePods);
            if (JobPods.onlyReplaceFailedPods(job)) {
                busy.addAll(indexesOf(
                        state.pods.stream().filter(JobPods::isTerminating).toList()));
            }
            indexes = state.succeededIndexes.firstPending(busy, diff, orZero(completions));
            diff = indexes.size();
        }
        Creation creation = createPods(state.key, job, diff, indexes);
        failIf(creation.error(), active + creation.created());
        return active + creation.created();
    }

    /**
     * Deletes the active pods of a Job that finished, keeping their finalizers: the status tracking
     * counts them as failed and then removes the finalizers.
     */
    Deletion deleteActivePods(Job job, List<Pod> pods) {
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger deletedReady = new AtomicInteger();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        Flux.fromIterable(pods)
                .flatMap(
                        pod -> deletePod(job, pod)
                                .then(Mono.fromRunnable(() -> countDeleted(pod, deleted, deletedReady)))
                                .onErrorResume(error -> {
                                    if (ApiErrors.isNotFound(error)) {
                                        countDeleted(pod, deleted, deletedReady);
                                    } else {
                                        firstError.compareAndSet(null, runtime(error));
                                    }
                                    return Mono.empty();
                                }),
                        Math.max(1, pods.size()))
                .then()
                .block(timeout);
        return new Deletion(deleted.get(), deletedReady.get(), firstError.get());
    }

    /**
     * Deletes pods the Job no longer wants, removing their tracking finalizer first: a pod the
     * controller removes is neither a success nor a failure.
     */
    private Deletion deleteJobPods(String key, Job job, List<Pod> pods) {
        Set<String> podKeys = new LinkedHashSet<>();
        pods.forEach(pod -> podKeys.add(ObjectKeys.keyOf(pod)));
        expectations.expectDeletions(key, podKeys);
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger deletedReady = new AtomicInteger();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        Flux.fromIterable(pods)
                .flatMap(
                        pod -> removeFinalizerIfPresent(pod)
                                .then(deletePod(job, pod))
                                .then(Mono.fromRunnable(() -> countDeleted(pod, deleted, deletedReady)))
                                .onErrorResume(error -> {
                                    // This deletion will not be observed: stop waiting for it.
                                    expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
                                    if (ApiErrors.isNotFound(error)) {
                                        countDeleted(pod, deleted, deletedReady);
                                    } else {
                                        firstError.compareAndSet(null, runtime(error));
                                    }
                                    return Mono.empty();
                                }),
                        Math.max(1, pods.size()))
                .then()
                .block(timeout);
        return new Deletion(deleted.get(), deletedReady.get(), firstError.get());
    }

    private Mono<Void> removeFinalizerIfPresent(Pod pod) {
        if (!JobPods.hasTrackingFinalizer(pod)) {
            return Mono.empty();
        }
        return control.patchPod(
                        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), removeTrackingFinalizerPatch())
                .onErrorMap(
                        error -> !ApiErrors.isNotFound(error),
                        error -> new IllegalStateException(
                                "removing completion finalizer: " + error.getMessage(), error))
                .then();
    }

    /** A pod deletion with the events kube's PodControl records. */
    private Mono<Void> deletePod(Job job, Pod pod) {
        String name = pod.getMetadata().getName();
        return control.deletePod(job.getMetadata().getNamespace(), name)
                .then(Mono.fromRunnable(
                        () -> events.event(job, EventType.NORMAL, "SuccessfulDelete", "Deleted pod: %s", name)))
                .onErrorResume(error -> !ApiErrors.isNotFound(error), error -> {
                    events.event(job, EventType.WARNING, "FailedDelete", "Error deleting: %s", error.getMessage());
                    return Mono.error(error);
                })
                .then();
    }

    private static void countDeleted(Pod pod, AtomicInteger deleted, AtomicInteger deletedReady) {
        deleted.incrementAndGet();
        if (ActivePods.isReady(pod)) {
            deletedReady.incrementAndGet();
        }
    }

    /**
     * Creates {@code count} pods in slow-start batches of 1, 2, 4, ...: after a batch with a
     * failure the rest is skipped, so a Job that cannot create pods costs one call, not hundreds.
     *
     * @return how many were created, and the first error
     */
    private Creation createPods(String key, Job job, int count, List<Integer> indexes) {
        expectations.expectCreations(key, count);
        String namespace = job.getMetadata().getNamespace();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        int created = 0;
        int attempted = 0;
        int batch = Math.min(count, SLOW_START_INITIAL_BATCH);
        while (attempted < count) {
            int size = Math.min(batch, count - attempted);
            List<Pod> pods = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int index = indexes.isEmpty() ? JobPods.UNKNOWN_INDEX : indexes.get(attempted + i);
                pods.add(JobPodFactory.newPod(job, index));
            }
            AtomicInteger succeeded = new AtomicInteger();
            Flux.fromIterable(pods)
                    .flatMap(
                            pod -> control.createPod(namespace, pod)
                                    .doOnNext(createdPod -> {
                                        succeeded.incrementAndGet();
                                        events.event(
                                                job,
                                                EventType.NORMAL,
                                                "SuccessfulCreate",
                                                "Created pod: %s",
                                                createdPod.getMetadata().getName());
                                    })
                                    .onErrorResume(error -> {
                                        // This pod will never be observed: stop waiting for it.
                                        expectations.creationObserved(key);
                                        events.event(
                                                job,
                                                EventType.WARNING,
                                                "FailedCreate",
                                                "Error creating: %s",
                                                error.getMessage());
                                        firstError.compareAndSet(null, runtime(error));
                                        return Mono.empty();
                                    }),
                            size)
                    .then()
                    .block(timeout);
            created += succeeded.get();
            attempted += size;
            if (succeeded.get() < size) {
                break;
            }
            batch *= 2;
        }
        for (int skipped = count - attempted; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        return new Creation(created, firstError.get());
    }

    /**
     * The active pods to delete, at least {@code removeAtLeast} (activePodsForRemoval): for an Indexed
     * Job first every pod without a valid index and all but the best pod of a repeated index, then
     * the most deletable of the rest.
     */
    List<Pod> activePodsForRemoval(Job job, List<Pod> pods, int removeAtLeast) {
        List<Pod> remove = new ArrayList<>();
        List<Pod> left = new ArrayList<>();
        Comparator<Pod> deletionOrder = ActivePods.deletionOrder(Map.of(), clock.instant());
        if (JobPodFactory.isIndexed(job)) {
            int completions = orZero(job.getSpec().getCompletions());
            Map<Integer, List<Pod>> byIndex = new TreeMap<>();
            for (Pod pod : pods) {
                int index = JobPods.completionIndex(pod);
                if (index == JobPods.UNKNOWN_INDEX || index >= completions) {
                    remove.add(pod);
                } else {
                    byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(pod);
                }
            }
            for (List<Pod> sameIndex : byIndex.values()) {
                sameIndex.sort(deletionOrder);
                remove.addAll(sameIndex.subList(0, sameIndex.size() - 1));
                left.add(sameIndex.get(sameIndex.size() - 1));
            }
        } else {
            left.addAll(pods);
        }
        if (remove.size() < removeAtLeast) {
            left.sort(deletionOrder);
            remove.addAll(left.subList(0, Math.min(left.size(), removeAtLeast - remove.size())));
        }
        return remove;
    }

    private static Set<Integer> indexesOf(List<Pod> pods) {
        Set<Integer> indexes = new HashSet<>();
        for (Pod pod : pods) {
            int index = JobPods.completionIndex(pod);
            if (index != JobPods.UNKNOWN_INDEX) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    private static void failIf(RuntimeException error, int active) {
        if (error != null) {
            throw new ManageJobException(active, error);
        }
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static RuntimeException runtime(Throwable error) {
        return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }

    /** manageJob's error, carrying the active count it still reports (kube returns both). */
    static final class ManageJobException extends RuntimeException {

        private final int active;

        ManageJobException(int active, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.active = active;
        }

        int active() {
            return active;
        }
    }
}
