package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.pods.PodControl;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Removes the tracking finalizer from a pod no running Job will count (syncOrphanPod): its Job is
 * gone, finished, or released it. Pods controlled by anything but a batch/v1 Job keep theirs.
 */
final class OrphanPodSync implements Reconciler<String> {

    private final Lister<Pod> pods;
    private final Lister<Job> jobs;
    private final PodControl<Job> control;
    private final Duration timeout;

    OrphanPodSync(Lister<Pod> pods, Lister<Job> jobs, PodControl<Job> control, Duration timeout) {
        this.pods = pods;
        this.jobs = jobs;
        this.control = control;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String key) {
        Optional<Pod> cached = pods.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty() || !JobPods.hasTrackingFinalizer(cached.get())) {
            return Result.done();
        }
        Pod pod = cached.get();
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
        if (controller.isPresent()) {
            if (!"Job".equals(controller.get().getKind())
                    || !"batch/v1".equals(controller.get().getApiVersion())) {
                return Result.done();
            }
            Optional<Job> job = owner(pod, controller.get());
            if (job.isPresent()) {
                String managedBy = job.get().getSpec().getManagedBy();
                if (managedBy != null && !JobSync.CONTROLLER_NAME.equals(managedBy)) {
                    return Result.done();
                }
                if (!FinishedJobs.isFinished(job.get())) {
                    // Still counted by its running Job.
                    return Result.done();
                }
            }
        }
        try {
            control.patchPod(
                            pod.getMetadata().getNamespace(),
                            pod.getMetadata().getName(),
                            JobPodManager.removeTrackingFinalizerPatch())
                    .block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
        return Result.done();
    }

    private Optional<Job> owner(Pod pod, OwnerReference controller) {
        return jobs.get(pod.getMetadata().getNamespace(), controller.getName())
                .filter(job -> Objects.equals(job.getMetadata().getUid(), controller.getUid()));
    }
}
