package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.selector.LabelSelector;
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

    private final Lister<Job> jobs;
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
        this.jobs = jobs;
        this.pods = pods;
        this.expectations = expectations;
        this.finalizerRemovals = finalizerRemovals;
        this.clock = clock;
        this.enqueue = enqueue;
        this.enqueueAfter = enqueueAfter;
        this.enqueueOrphanPod = enqueueOrphanPod;
    }

    ResourceEventHandler<Job> forJobs() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                enqueue.accept(ObjectKeys.keyOf(job));
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                jobUpdated(oldJob, newJob);
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                enqueue.accept(ObjectKeys.keyOf(job));
                cleanupPodFinalizers(job);
            }
        };
    }

    ResourceEventHandler<Pod> forPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podAdded(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podUpdated(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                podDeleted(pod, true);
            }
        };
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
                : JobPods.parse(newJob.getStatus().getStartTime());
        if (deadline != null && started.isPresent()) {
            Long oldDeadline = oldJob.getSpec().getActiveDeadlineSeconds();
            if (!deadline.equals(oldDeadline)) {
                Duration left = Duration.ofSeconds(deadline).minus(Duration.between(started.get(), clock.instant()));
                enqueueAfter.accept(key, left.isNegative() ? Duration.ZERO : left);
            }
        }
    }

    void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // A restarted controller sees pods already being deleted: not creations.
            podDeleted(pod, false);
            return;
        }
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isPresent()) {
            owner(pod, controller.get()).ifPresent(job -> {
                String key = ObjectKeys.keyOf(job);
                expectations.creationObserved(key);
                enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
            });
            return;
        }
        if (JobPods.hasTrackingFinalizer(pod)) {
            enqueueOrphanPod.accept(ObjectKeys.keyOf(pod));
        }
        enqueueMatching(pod);
    }

    void podUpdated(Pod oldPod, Pod newPod) {
        if (Objects.equals(
                oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            // Act on graceful deletion now, not when the kubelet finishes.
            podDeleted(newPod, false);
            return;
        }
        // During an ownership change the finalizer may come and go; record the latest state.
        boolean finalizerRemoved = !JobPods.hasTrackingFinalizer(newPod);
        Optional<OwnerReference> oldController = OwnerReferences.controllerOf(oldPod);
        Optional<OwnerReference> newController = OwnerReferences.controllerOf(newPod);
        boolean controllerChanged = !Objects.equals(oldController, newController);
        if (controllerChanged && oldController.isPresent()) {
            owner(oldPod, oldController.get()).ifPresent(job -> {
                String key = ObjectKeys.keyOf(job);
                if (finalizerRemoved) {
                    finalizerRemovals.observed(key, newPod.getMetadata().getUid());
                }
                enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
            });
        }
        if (newController.isPresent()) {
            owner(newPod, newController.get()).ifPresent(job -> {
                String key = ObjectKeys.keyOf(job);
                if (finalizerRemoved) {
                    finalizerRemovals.observed(key, newPod.getMetadata().getUid());
                }
                enqueueAfter.accept(key, JobPodManager.SYNC_BATCH_PERIOD);
            });
            return;
        }
        if (JobPods.hasTrackingFinalizer(newPod)) {
            enqueueOrphanPod.accept(ObjectKeys.keyOf(newPod));
        }
        boolean labelsChanged = !Objects.equals(
                oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (labelsChanged || controllerChanged) {
            enqueueMatching(newPod);
        }
    }

    /**
     * @param gone the pod left the informer (rather than getting a deletionTimestamp): its
     *     finalizer is gone with it
     */
    void podDeleted(Pod pod, boolean gone) {
        boolean hasFinalizer = JobPods.hasTrackingFinalizer(pod);
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isEmpty()) {
            // Perhaps a Job's pod whose reference the garbage collector removed.
            if (hasFinalizer) {
                enqueueOrphanPod.accept(ObjectKeys.keyOf(pod));
            }
            return;
        }
        Optional<Job> job = owner(pod, controller.get());
        if (job.isEmpty() || FinishedJobs.isFinished(job.get())) {
            // No sync of a running Job will remove this finalizer.
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

    /** Queues the pods of {@code job} that still carry the finalizer for its removal. */
    private void cleanupPodFinalizers(Job job) {
        LabelSelector selector = LabelSelector.fromApi(job.getSpec().getSelector());
        for (Pod pod : pods.list(job.getMetadata().getNamespace(), selector)) {
            if (OwnerReferences.isControlledBy(pod, job.getMetadata().getUid()) && JobPods.hasTrackingFinalizer(pod)) {
                enqueueOrphanPod.accept(ObjectKeys.keyOf(pod));
            }
        }
    }

    /** The cached Job a controller reference points to, if it is one and still the same object. */
    private Optional<Job> owner(Pod pod, OwnerReference controller) {
        if (!"Job".equals(controller.getKind())) {
            return Optional.empty();
        }
        return jobs.get(pod.getMetadata().getNamespace(), controller.getName())
                .filter(job -> Objects.equals(job.getMetadata().getUid(), controller.getUid()));
    }

    /** An orphan: every Job whose selector matches it may want to adopt it. */
    private void enqueueMatching(Pod pod) {
        if (pod.getMetadata().getLabels() == null
                || pod.getMetadata().getLabels().isEmpty()) {
            return;
        }
        for (Job job : jobs.list(pod.getMetadata().getNamespace(), LabelSelector.everything())) {
            LabelSelector selector = LabelSelector.fromApi(job.getSpec().getSelector());
            if (!selector.isEverything()
                    && !selector.isNothing()
                    && selector.matches(pod.getMetadata().getLabels())) {
                enqueueAfter.accept(ObjectKeys.keyOf(job), JobPodManager.SYNC_BATCH_PERIOD);
            }
        }
    }
}
