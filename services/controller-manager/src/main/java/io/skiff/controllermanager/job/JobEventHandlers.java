package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.ownership.OwnerResolver;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns Job and pod notifications into Job keys (and orphan pod keys), as job_controller.go's
 * handlers do, recording on the way which expected creations, deletions and finalizer removals
 * the informer now shows. Pod events are batched: the Job is synced a second later, once.
 */
final class JobEventHandlers {

    private final OwnerResolver<Job> owners;
    private final Lister<Pod> pods;
    private final Expectations expectations;
    private final FinalizerRemovals finalizerRemovals;
    private final Clock clock;
    private final Consumer<String> enqueue;
    private final BiConsumer<String, Duration> enqueueAfter;
    private final Consumer<String> enqueueOrphanPod;

    JobEventHandlers(
            Lister<Job> jobs,
            Lister<Pod> pods,
            Expectations expectations,
            FinalizerRemovals finalizerRemovals,
            Clock clock,
            Consumer<String> enqueue,
            BiConsumer<String, Duration> enqueueAfter,
            Consumer<String> enqueueOrphanPod) {
        this.owners = OwnerResolver.of(jobs, "Job", job -> job.getSpec().getSelector());
        this.pods = pods;
        this.expectations = expectations;
        this.finalizerRemovals = finalizerRemovals;
        this.clock = clock;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
        this.enqueueOrphanPod = enqueueOrphanPod;
    }

    ResourceEventHandler<Job> forJobs() {
        return ResourceEventHandler.of(
                job -> enqueue.accept(ObjectKeys.keyOf(job)), this::jobUpdated, this::jobDeleted);
    }

    ResourceEventHandler<Pod> forPods() {
        return ResourceEventHandler.of(this::podAdded, this::podUpdated, pod -> podDeleted(pod, true));
    }

    void jobUpdated(Job oldJob, Job newJob) {
        String key = ObjectKeys.keyOf(newJob);
        if (Objects.equals(
                oldJob.getMetadata().getGeneration(), newJob.getMetadata().getGeneration())) {
            // Status updates, mostly caused by pod events: batch them.
            enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
        } else {
            enqueue.accept(key);
        }
        if (FinishedJobs.isFinished(newJob)) {
            // Normally removed before the Job finishes; this is the backstop.
            cleanupPodFinalizers(newJob);
        }
        Long deadline = newJob.getSpec().getActiveDeadlineSeconds();
        Optional<Instant> started = newJob.getStatus() == null
                ? Optional.empty()
                : KubeTimes.parse(newJob.getStatus().getStartTime());
        if (deadline != null && started.isPresent()) {
            Long oldDeadline = oldJob.getSpec().getActiveDeadlineSeconds();
            if (!deadline.equals(oldDeadline)) {
                Duration left = Duration.ofSeconds(deadline).minus(Duration.between(started.get(), clock.instant()));
                enqueueAfter.accept(key, left.isNegative() ? Duration.ZERO : left);
            }
        }
    }

    void jobDeleted(Job job) {
        enqueue.accept(ObjectKeys.keyOf(job));
        cleanupPodFinalizers(job);
    }

    void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A restarted controller sees pods already being deleted: not creations.
            podDeleted(pod, false);
            return;
        }
        enqueueOrphanWithFinalizer(pod);
        owners.added(
                pod,
                job -> {
                    String key = ObjectKeys.keyOf(job);
                    expectations.creationObserved(key);
                    enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
                },
                this::enqueueBatched);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (OwnerResolver.isResync(oldPod, newPod)) {
            return;
        }
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // Act on graceful deletion now, not when the kubelet finishes.
            podDeleted(newPod, false);
            return;
        }
        // During an ownership change the finalizer may come and go; record the latest state.
        boolean finalizerRemoved = !JobPods.hasTrackingFinalizer(newPod);
        Consumer<Job> observe = job -> {
            String key = ObjectKeys.keyOf(job);
            if (finalizerRemoved) {
                finalizerRemovals.observed(key, newPod.getMetadata().getUid());
            }
            enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
        };
        enqueueOrphanWithFinalizer(newPod);
        owners.updated(oldPod, newPod, observe, observe, this::enqueueBatched);
    }

    /**
     * @param gone the pod left the informer (rather than getting a deletionTimestamp): its
     *     finalizer is gone with it
     */
    void podDeleted(Pod pod, boolean gone) {
        boolean hasFinalizer = JobPods.hasTrackingFinalizer(pod);
        Optional<Job> job = owners.controllerOf(pod);
        if (job.isEmpty() || FinishedJobs.isFinished(job.get())) {
            // No sync of a running Job will remove this finalizer (perhaps a Job's pod whose
            // reference the garbage collector removed, or the pod of a finished Job).
            if (hasFinalizer) {
                enqueueOrphanPod.accept(ObjectKeys.keyOf(pod));
            }
            return;
        }
        String key = ObjectKeys.keyOf(job.get());
        expectations.deletionObserved(key, ObjectKeys.keyOf(pod));
        if (gone || !hasFinalizer) {
            finalizerRemovals.observed(key, pod.getMetadata().getUid());
        }
        enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
    }

    /** A pod without a controller that still carries the finalizer: the orphan pod sync removes it. */
    private void enqueueOrphanWithFinalizer(Pod pod) {
        if (OwnerReferences.controllerOf(pod).isEmpty() && JobPods.hasTrackingFinalizer(pod)) {
            enqueueOrphanPod.accept(ObjectKeys.keyOf(pod));
        }
    }

    /** Queues the pods of {@code job} that still carry the finalizer for its removal. */
    private void cleanupPodFinalizers(Job job) {
        LabelSelector selector = LabelSelector.fromApi(job.getSpec().getSelector());
        for (Pod pod : pods.list(job.getMetadata().getNamespace(), selector)) {
            if (OwnerReferences.isControlledBy(pod, job.getMetadata().getUid()) && JobPods.hasTrackingFinalizer(pod)) {
                enqueueOrphanPod.accept(ObjectKeys.keyOf(pod));
            }
        }
    }

    /** Pod events are batched: the Job is synced once, a little later. */
    private void enqueueBatched(Job job) {
        enqueueAfter.accept(ObjectKeys.keyOf(job), JobPodManager.SYNC_BATCH_PERIOD);
    }
}
