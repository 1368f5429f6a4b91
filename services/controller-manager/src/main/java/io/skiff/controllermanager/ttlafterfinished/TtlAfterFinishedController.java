package io.skiff.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The TTL-after-finished controller's workers, run only while this controller manager leads: Jobs
 * that finished and have spec.ttlSecondsAfterFinished are queued, and deleted once it expires.
 */
public final class TtlAfterFinishedController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its queue. */
    public static final String NAME = "ttl-after-finished-controller";

    private final LeaderControllerLoop loop;

    TtlAfterFinishedController(
            SharedIndexInformer<Job> jobs, TtlAfterFinishedSync sync, MeterRegistry registry, int workers) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(jobs),
                () -> jobs.lister().list(LabelSelector.everything()).stream()
                        .filter(TtlAfterFinishedController::candidate)
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        jobs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                enqueueIfCandidate(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                enqueueIfCandidate(newJob);
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {}
        });
    }

    private static boolean candidate(Job job) {
        return job.getMetadata().getDeletionTimestamp() == null && TtlAfterFinishedSync.needsCleanup(job);
    }

    private void enqueueIfCandidate(Job job) {
        if (candidate(job)) {
            loop.enqueue(ObjectKeys.keyOf(job));
        }
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
