package io.skiff.controllermanager.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.util.List;

/**
 * The Job controller's workers, run only while this controller manager leads: one queue of Jobs
 * and one of orphan pods whose tracking finalizer must go (kube's orphanQueue).
 */
public final class JobController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its events and its queue. */
    public static final String NAME = "job-controller";

    private final LeaderControllerLoop jobLoop;
    private final LeaderControllerLoop orphanPodLoop;

    JobController(
            SharedIndexInformer<Job> jobs,
            SharedIndexInformer<Pod> pods,
            JobSync sync,
            OrphanPodSync orphanPodSync,
            Expectations expectations,
            FinalizerRemovals finalizerRemovals,
            Clock clock,
            MeterRegistry registry,
            int workers) {
        this.jobLoop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(jobs, pods),
                () -> jobs.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        // What happened to orphan pods while standing by was not queued: look at every tracked pod once.
        this.orphanPodLoop = new LeaderControllerLoop(
                NAME + "-orphan-pods",
                orphanPodSync,
                List.of(jobs, pods),
                () -> pods.lister().list(LabelSelector.everything()).stream()
                        .filter(JobPods::hasTrackingFinalizer)
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                1);
        JobEventHandlers handlers = new JobEventHandlers(
                jobs.lister(),
                pods.lister(),
                expectations,
                finalizerRemovals,
                clock,
                jobLoop::enqueue,
                jobLoop::enqueueAfter,
                orphanPodLoop::enqueue);
        jobs.addEventHandler(handlers.forJobs());
        pods.addEventHandler(handlers.forPods());
    }

    @Override
    public void start() {
        jobLoop.start();
        orphanPodLoop.start();
    }

    @Override
    public void stop() {
        orphanPodLoop.stop();
        jobLoop.stop();
    }
}
